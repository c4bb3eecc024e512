import { readFileSync } from 'node:fs';

/** What only a header can say: a meta-tag policy cannot forbid framing. */
const HEADER_ONLY = "frame-ancestors 'none'";

/**
 * The Content-Security-Policy for the page's response header: the policy renderer/index.html
 * declares in its `<meta>` tag (written once, there), plus `frame-ancestors 'none'`, which
 * browsers ignore in a meta tag. Used by browser mode and by Electron's session alike.
 */
export function readCsp(indexHtmlPath: string): string {
  const meta = metaCsp(readFileSync(indexHtmlPath, 'utf8'));
  if (meta === null) {
    throw new Error(`${indexHtmlPath} declares no Content-Security-Policy meta tag`);
  }
  return /(^|;)\s*frame-ancestors\b/.test(meta) ? meta : `${meta}; ${HEADER_ONLY}`;
}

/** The content of the page's CSP meta tag, or null. */
export function metaCsp(html: string): string | null {
  for (const tag of html.match(/<meta\b[^>]*>/gi) ?? []) {
    if (!/http-equiv\s*=\s*["']content-security-policy["']/i.test(tag)) continue;
    const content = /\bcontent\s*=\s*"([^"]*)"/i.exec(tag)?.[1];
    if (content) return decodeEntities(content).replace(/\s+/g, ' ').replace(/;\s*$/, '').trim();
  }
  return null;
}

function decodeEntities(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
