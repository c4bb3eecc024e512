import type { ContractError, ErrorCode, Reply } from '../../shared/contract';

/** An error a handler throws on purpose: its code and message reach the caller as they are. */
export class ServiceError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}

/** Any thrown value as a contract error: a `ServiceError` keeps its code, anything else 'failed'. */
export function toContractError(e: unknown): ContractError {
  if (e instanceof ServiceError) return { code: e.code, message: e.message };
  return { code: 'failed', message: e instanceof Error ? e.message : String(e) };
}

/** Runs a handler and turns its outcome into a `Reply`; never rejects. */
export async function replyFrom<T>(handler: () => T | Promise<T>): Promise<Reply<T>> {
  try {
    return { ok: true, value: await handler() };
  } catch (e) {
    return { ok: false, error: toContractError(e) };
  }
}
