/**
 * What one browser-mode client may ask of the server, chosen so that no client can stall the
 * event loop or make the server buffer without bound (docs/service.md "Limits"). The largest
 * legitimate request is a 1000-line run:start, about 550 KB even with 100-character names and
 * 16 long arguments per line; file:save, the only bigger payload, is desktop only.
 */
import type { JsonBounds } from '../../shared/json-bounds';

/** One WebSocket message: bigger ones are refused from the frame header, with close 1009. */
export const MAX_MESSAGE_BYTES = 1024 * 1024;

/** JSON text of one message: its size (characters) and nesting (a workload is 4 deep). */
export const MESSAGE_BOUNDS: JsonBounds = { maxChars: MAX_MESSAGE_BYTES, maxDepth: 32 };

export interface ClientLimits {
  /** Requests of one client being worked on at once; more are answered `busy` at once. */
  maxInFlight: number;
  /**
   * Of those, requests whose reply can be tens of MB (`history:get` of a 200k-call run) worked
   * on at once; the others wait their turn. Each holds a parsed trace until its reply is sent.
   */
  maxHeavyInFlight: number;
  /**
   * Bytes waiting to be sent to one client (its `bufferedAmount`) above which it is a slow
   * reader: its new requests are answered `busy` without doing the work, and it is told so.
   */
  slowReaderBytes: number;
  /** A slow reader still above the mark this long after being told is dropped. */
  slowReaderGraceMs: number;
  /** Whatever the grace, a client with this much unread is dropped at once. */
  dropReaderBytes: number;
}

export const CLIENT_LIMITS: ClientLimits = {
  maxInFlight: 16,
  maxHeavyInFlight: 2,
  slowReaderBytes: 16 * 1024 * 1024,
  slowReaderGraceMs: 10_000,
  dropReaderBytes: 256 * 1024 * 1024,
};

/** Channels whose replies can be big: see `maxHeavyInFlight`. */
export const HEAVY_CHANNELS: ReadonlySet<string> = new Set(['history:get']);
