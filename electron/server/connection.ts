/**
 * One browser-mode client: its requests go to the service and its replies and events come back,
 * within the limits of ./limits.ts. A client can have only so many requests under way, and one
 * that stops reading is told (its requests answered `busy` unworked), then dropped, so what the
 * server buffers for it stays bounded and other clients are not kept waiting.
 */
import { WebSocket } from 'ws';
import type { WsServerMessage } from '../../shared/contract';
import { formatSize } from '../../shared/json-bounds';
import type { RunService } from '../service';
import { HEAVY_CHANNELS, MAX_MESSAGE_BYTES, type ClientLimits } from './limits';
import { UNKNOWN_ID, parseClientMessage, refuse } from './protocol';
import { writeJson } from './sliced-json';

/** The close code (RFC 6455) for a message too big to process. */
export const CLOSE_TOO_BIG = 1009;
export const TOO_BIG_REASON = `message too big: at most ${formatSize(MAX_MESSAGE_BYTES)}`;

/**
 * ws refuses an oversized message from its frame header, before buffering it, and closes with
 * 1009 but no reason: this socket gives that close its reason.
 */
export class BoundedSocket extends WebSocket {
  override close(code?: number, reason?: string | Buffer): void {
    super.close(code, reason ?? (code === CLOSE_TOO_BIG ? TOO_BIG_REASON : undefined));
  }
}

type Service = Pick<RunService, 'dispatch'>;

export class Connection {
  private inFlight = 0;
  private heavyInFlight = 0;
  private readonly heavyQueue: (() => void)[] = [];
  /** Set while the client is above the slow-reader mark: the drop, unless it catches up. */
  private dropTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly ws: WebSocket,
    private readonly service: Service,
    private readonly limits: ClientLimits,
  ) {
    ws.on('message', (data, isBinary) => this.receive(data as Buffer, isBinary));
    ws.on('error', () => {
      // ws has already sent its close (1009 for a message too big); give the frame a moment
      // to leave, then let go of the socket.
      setTimeout(() => ws.terminate(), 1000).unref();
    });
    ws.on('close', () => this.clearDrop());
  }

  /** An event for every client; a reader too far behind is dropped instead of buffered. */
  sendEvent(text: string): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    this.ws.send(text);
    this.watchBuffer();
  }

  private receive(data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean): void {
    const parsed = parseClientMessage(data, isBinary);
    if (!parsed.ok) return this.send(parsed.reply);
    const { id, channel, payload } = parsed.message;
    const behind = this.ws.bufferedAmount;
    if (behind > this.limits.slowReaderBytes) {
      const message = `${channel} not done: ${formatSize(behind)} of replies and events are waiting for this connection to read them; read them first, or it is closed`;
      return this.send(refuse(id, message, 'busy').reply);
    }
    const { maxInFlight } = this.limits;
    if (this.inFlight >= maxInFlight) {
      const message = `${channel} not done: this connection already has ${maxInFlight} requests under way; wait for their replies`;
      return this.send(refuse(id, message, 'busy').reply);
    }
    this.inFlight++;
    const heavy = HEAVY_CHANNELS.has(channel);
    const work = () => this.work(id, channel, payload, heavy);
    // Big replies wait their turn (within maxInFlight): only so many parsed traces at once.
    if (heavy && this.heavyInFlight >= this.limits.maxHeavyInFlight) this.heavyQueue.push(work);
    else work();
  }

  private work(id: number, channel: string, payload: unknown, heavy: boolean): void {
    if (heavy) this.heavyInFlight++;
    void this.service.dispatch(channel, payload).then((reply) => {
      this.inFlight--;
      if (heavy) {
        this.heavyInFlight--;
        this.heavyQueue.shift()?.();
      }
      // Checked again now: a reader that fell behind meanwhile gets no more big replies queued.
      const behind = this.ws.bufferedAmount;
      if (reply.ok && behind > this.limits.slowReaderBytes) {
        const message = `${channel} done, but not sent: ${formatSize(behind)} are waiting for this connection to read them; ask again once they are read`;
        return this.send(refuse(id, message, 'busy').reply);
      }
      this.send({ kind: 'reply', id, reply });
    });
  }

  /** Written in slices when big (./sliced-json.ts), so a 30 MB reply does not hold the loop. */
  private send(message: WsServerMessage): void {
    writeJson(message, (text) => {
      if (this.ws.readyState !== WebSocket.OPEN) return;
      this.ws.send(text);
      this.watchBuffer();
    });
  }

  /** Above the mark: tell the client once, and drop it if it has not caught up by the deadline. */
  private watchBuffer(): void {
    const { slowReaderBytes, slowReaderGraceMs, dropReaderBytes } = this.limits;
    const behind = this.ws.bufferedAmount;
    if (behind > dropReaderBytes) return this.drop(behind);
    if (behind <= slowReaderBytes || this.dropTimer) return;
    const seconds = slowReaderGraceMs / 1000;
    const warning = refuse(
      UNKNOWN_ID,
      `this connection is not reading: ${formatSize(behind)} are waiting for it; it is closed in ${seconds} s unless it reads them`,
      'busy',
    );
    this.ws.send(JSON.stringify(warning.reply));
    this.dropTimer = setTimeout(() => {
      this.dropTimer = null;
      const left = this.ws.bufferedAmount;
      if (left > slowReaderBytes) this.drop(left);
    }, slowReaderGraceMs);
    this.dropTimer.unref();
  }

  private drop(behind: number): void {
    this.clearDrop();
    // A close frame would queue behind what the client is not reading: end the socket now.
    console.error(
      `PoolScope: dropped a client that was not reading (${formatSize(behind)} unread)`,
    );
    this.ws.terminate();
  }

  private clearDrop(): void {
    if (this.dropTimer) clearTimeout(this.dropTimer);
    this.dropTimer = null;
  }
}
