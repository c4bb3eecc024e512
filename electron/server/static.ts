import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Serves the built renderer from `root`, read-only: GET and HEAD, no directory listings, and no path
 * that resolves (after decoding, or through a symbolic link) outside `root`. Every response carries
 * `headers` (the security headers).
 */
export function staticFiles(root: string, headers: Record<string, string>) {
  const base = resolve(root);

  const send = (res: ServerResponse, status: number, text: string, extra = {}) => {
    res.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8', ...extra });
    res.end(text);
  };

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return send(res, 405, 'method not allowed\n', { Allow: 'GET, HEAD' });
    }
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    } catch {
      return send(res, 400, 'bad request\n');
    }
    if (pathname.includes('\0')) return send(res, 400, 'bad request\n');
    if (pathname.endsWith('/')) pathname += 'index.html';
    const file = resolve(base, '.' + pathname);
    if (!file.startsWith(base + sep)) return send(res, 403, 'forbidden\n');
    try {
      const real = await realpath(file);
      if (!real.startsWith((await realpath(base)) + sep)) return send(res, 403, 'forbidden\n');
      const info = await stat(real);
      if (!info.isFile()) return send(res, 404, 'not found\n');
      res.writeHead(200, {
        ...headers,
        'Content-Type': MIME[extname(real).toLowerCase()] ?? 'application/octet-stream',
        'Content-Length': info.size,
        'Cache-Control': 'no-cache',
      });
      if (req.method === 'HEAD') return void res.end();
      createReadStream(real)
        .on('error', () => res.destroy())
        .pipe(res);
    } catch {
      send(res, 404, 'not found\n');
    }
  };
}
