import { readFileSync } from 'node:fs';

/**
 * The Content-Security-Policy that renderer/index.html declares in its `<meta>` tag, so the policy
 * is written once and also sent as a response header (by browser mode and by Electron's session):
 * a header can say what a meta tag cannot, such as `frame-ancestors`.
 */
export function readCsp(indexHtmlPath: string): string {
  const html = readFileSync(indexHtmlPath, 'utf8');
  for (const tag of html.match(/<meta\b[^>]*>/gi) ?? []) {
    if (!/http-equiv\s*=\s*["']content-security-policy["']/i.test(tag)) continue;
    const content = /\bcontent\s*=\s*"([^"]*)"/i.exec(tag)?.[1];
    if (content) return decodeEntities(content).replace(/\s+/g, ' ').trim();
  }
  throw new Error(`${indexHtmlPath} declares no Content-Security-Policy meta tag`);
}

function decodeEntities(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
