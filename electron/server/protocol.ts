import * as v from 'valibot';
import type { ContractError, WsClientMessage, WsServerMessage } from '../../shared/contract';
import { jsonBoundsProblem } from '../../shared/json-bounds';
import { MESSAGE_BOUNDS } from './limits';

const ClientMessageSchema = v.strictObject({
  id: v.pipe(v.number(), v.safeInteger(), v.minValue(0)),
  channel: v.string(),
  payload: v.optional(v.unknown()),
});

/** The id used in a reply to a message whose own id cannot be read. */
export const UNKNOWN_ID = -1;

export type Parsed =
  | { ok: true; message: WsClientMessage }
  | { ok: false; reply: Extract<WsServerMessage, { kind: 'reply' }> };

/**
 * One inbound WebSocket frame as a `WsClientMessage`, or the typed error reply it deserves: sent
 * with the message's id when that much can be read, else with id -1. Its size and nesting are
 * checked before it is parsed. The payload itself is validated later, by the service, exactly as
 * on the IPC path.
 */
export function parseClientMessage(
  data: Buffer | ArrayBuffer | Buffer[],
  isBinary: boolean,
): Parsed {
  if (isBinary) return refuse(UNKNOWN_ID, 'messages must be JSON text, not binary');
  const text = Array.isArray(data)
    ? Buffer.concat(data).toString('utf8')
    : Buffer.from(data as ArrayBuffer).toString('utf8');
  const tooBig = jsonBoundsProblem(text, MESSAGE_BOUNDS);
  if (tooBig) return refuse(UNKNOWN_ID, `message refused unread: ${tooBig}`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return refuse(UNKNOWN_ID, `message is not valid JSON: ${(e as Error).message}`);
  }
  const result = v.safeParse(ClientMessageSchema, json);
  if (result.success) {
    const { id, channel, payload } = result.output;
    return { ok: true, message: { id, channel, payload } };
  }
  const issue = result.issues[0];
  const path = issue ? v.getDotPath(issue) : null;
  const what = issue ? `${path ? `${path}: ` : ''}${issue.message}` : 'invalid';
  return refuse(readableId(json), `message must be {id, channel, payload}: ${what}`);
}

function readableId(json: unknown): number {
  const id = (json as { id?: unknown } | null)?.id;
  return typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : UNKNOWN_ID;
}

export function refuse(
  id: number,
  message: string,
  code: ContractError['code'] = 'invalid-payload',
): Extract<Parsed, { ok: false }> {
  const error: ContractError = { code, message };
  return { ok: false, reply: { kind: 'reply', id, reply: { ok: false, error } } };
}
