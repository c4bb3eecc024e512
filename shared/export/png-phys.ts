/**
 * The pHYs chunk of a PNG: how many pixels make a metre, so a 2× chart opens at its intended size
 * (192 dpi) in editors and slide tools instead of twice as large. Pure bytes: the app (canvas PNG)
 * and the CLI (resvg PNG) both pass their PNG through `withPhys`.
 */

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const METRES_PER_INCH = 0.0254;

/** Pixels per metre at `dpi`, as pHYs stores it (192 dpi -> 7559). */
export function pixelsPerMetre(dpi: number): number {
  return Math.round(dpi / METRES_PER_INCH);
}

/**
 * `png` with one pHYs chunk of `dpi` in both directions (unit: metre), right after IHDR, as the
 * PNG spec requires it before IDAT. An existing pHYs is replaced, every other chunk kept as is.
 */
export function withPhys(png: Uint8Array, dpi: number): Uint8Array {
  const chunks = pngChunks(png);
  const ihdr = chunks[0];
  if (ihdr?.type !== 'IHDR') throw new Error('not a PNG: the first chunk is not IHDR');
  const ppm = pixelsPerMetre(dpi);
  const body = new Uint8Array(9);
  const view = new DataView(body.buffer);
  view.setUint32(0, ppm);
  view.setUint32(4, ppm);
  body[8] = 1; // the unit is the metre
  const phys = chunkBytes('pHYs', body);
  const parts: Uint8Array[] = [png.subarray(0, ihdr.end), phys];
  for (const c of chunks.slice(1)) if (c.type !== 'pHYs') parts.push(png.subarray(c.start, c.end));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

interface ChunkSpan {
  type: string;
  /** Offsets of the whole chunk (length, type, data, CRC) in the file. */
  start: number;
  end: number;
}

/** The chunks of a PNG, in order; throws on a truncated file or a bad signature. */
function pngChunks(png: Uint8Array): ChunkSpan[] {
  if (!SIGNATURE.every((b, i) => png[i] === b)) throw new Error('not a PNG: bad signature');
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const chunks: ChunkSpan[] = [];
  let at = SIGNATURE.length;
  while (at < png.length) {
    if (at + 12 > png.length) throw new Error('not a PNG: truncated chunk');
    const length = view.getUint32(at);
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    const end = at + 12 + length;
    if (end > png.length) throw new Error(`not a PNG: truncated ${type} chunk`);
    chunks.push({ type, start: at, end });
    at = end;
  }
  return chunks;
}

function chunkBytes(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

let crcTable: Uint32Array | null = null;

/** CRC-32 (ISO 3309) over type and data, as every PNG chunk ends with. */
export function crc32(bytes: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const b of bytes) crc = crcTable[(crc ^ b) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
