import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { hostname, networkInterfaces } from 'node:os';

/** A per-launch secret: 32 random bytes, base64url (URL-safe, so it travels in the query). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Compares in constant time (over digests, so unequal lengths leak nothing either). */
export function sameToken(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

const WILDCARDS = new Set(['0.0.0.0', '::', '']);
const LOOPBACK = ['127.0.0.1', 'localhost', '[::1]'];

/**
 * The host names under which a page of this server can be loaded, as a URL spells them
 * (`[::1]`, not `::1`). Bound to every interface, that is every interface's address and the
 * machine's name; otherwise the bound host and the loopback names.
 */
export function pageHosts(boundHost: string): Set<string> {
  const bracket = (h: string) => (h.includes(':') ? `[${h}]` : h);
  const hosts = new Set(LOOPBACK);
  if (WILDCARDS.has(boundHost)) {
    for (const list of Object.values(networkInterfaces())) {
      for (const addr of list ?? []) hosts.add(bracket(addr.address));
    }
    hosts.add(hostname().toLowerCase());
  } else {
    hosts.add(bracket(boundHost.toLowerCase()));
  }
  return hosts;
}

export function isWildcard(host: string): boolean {
  return WILDCARDS.has(host);
}

export interface Refusal {
  status: 401 | 403 | 404;
  reason: string;
}

/**
 * Why a WebSocket upgrade must be refused, or null to accept it. It must target `/ws`, carry the
 * launch token, and come from a page this server served: browsers always send `Origin` on a
 * WebSocket handshake, so a missing or foreign one means another site (or a non-browser client
 * imitating none) is trying to drive the pool.
 */
export function refuseUpgrade(
  req: IncomingMessage,
  token: string,
  hosts: ReadonlySet<string>,
  port: number,
): Refusal | null {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname !== '/ws') return { status: 404, reason: 'no WebSocket here; use /ws' };
  const given = url.searchParams.get('token');
  if (given === null) return { status: 401, reason: 'missing token' };
  if (!sameToken(given, token)) return { status: 401, reason: 'wrong token' };
  const origin = req.headers.origin;
  if (!origin) return { status: 403, reason: 'missing Origin' };
  let o: URL;
  try {
    o = new URL(origin);
  } catch {
    return { status: 403, reason: 'malformed Origin' };
  }
  const ownPort = (o.port || '80') === String(port);
  if (o.protocol !== 'http:' || !ownPort || !hosts.has(o.hostname)) {
    return { status: 403, reason: `foreign Origin ${origin}` };
  }
  return null;
}
