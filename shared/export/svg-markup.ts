/** Small helpers for writing SVG as text: escaping, numbers, elements, and the shared patterns. */
import { PATTERNS } from '../palette';

/** Characters XML 1.0 forbids (controls, lone surrogates, U+FFFE/F): a parser would reject them. */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** Text safe in XML content and attribute values; forbidden characters become U+FFFD. */
export function xmlText(text: string): string {
  return text.replace(NOT_XML, '\uFFFD').replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** A coordinate with at most 2 decimals: plenty for px, and it keeps a 100k-task file small. */
export const num = (value: number): string => String(Math.round(value * 100) / 100);

export type Attrs = Record<string, string | number | undefined>;

/** ` a="1" b="x"`: values escaped, numbers rounded, undefined attributes left out. */
export function attrs(a: Attrs): string {
  let out = '';
  for (const [key, value] of Object.entries(a)) {
    if (value === undefined) continue;
    out += ` ${key}="${typeof value === 'number' ? num(value) : xmlText(value)}"`;
  }
  return out;
}

/** `<name .../>`, or `<name ...>text</name>` with the text escaped. */
export function el(name: string, a: Attrs, text?: string): string {
  return text === undefined
    ? `<${name}${attrs(a)}/>`
    : `<${name}${attrs(a)}>${xmlText(text)}</${name}>`;
}

/** `<name ...>children</name>` around markup that is already escaped. */
export function group(name: string, a: Attrs, children: string): string {
  return `<${name}${attrs(a)}>${children}</${name}>`;
}

export const HATCH_ID = 'ps-hatch';
export const STRIPES_ID = 'ps-stripes';

/** The hatch (failed) and stripe (running) overlays, as `fill="url(#...)"` patterns. */
export function patternDefs(): string {
  const pattern = (id: string, p: (typeof PATTERNS)[keyof typeof PATTERNS]) =>
    `<pattern id="${id}" patternUnits="userSpaceOnUse" width="${p.spacing}" height="${p.spacing}" patternTransform="rotate(45)">` +
    el('line', {
      x1: 0,
      y1: 0,
      x2: 0,
      y2: p.spacing,
      stroke: p.color,
      'stroke-opacity': p.opacity,
      'stroke-width': p.lineWidth,
    }) +
    '</pattern>';
  return `<defs>${pattern(HATCH_ID, PATTERNS.hatch)}${pattern(STRIPES_ID, PATTERNS.stripes)}</defs>`;
}

/** Roughly how wide `text` is in a sans-serif font of `size` px: for laying out the legend. */
export const textWidth = (text: string, size: number) => text.length * size * 0.6;
