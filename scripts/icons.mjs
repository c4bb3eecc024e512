// `npm run icons`: renders build/icon.svg into the PNGs electron-builder makes every platform's
// icon from (build/icon.png, 1024 px: the .icns and .ico are derived from it) and Linux's sized set.
import { Resvg } from '@resvg/resvg-js';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const svg = readFileSync(join(root, 'build/icon.svg'), 'utf8');
const render = (size) => new Resvg(svg, { fitTo: { mode: 'width', value: size } }).render().asPng();

writeFileSync(join(root, 'build/icon.png'), render(1024));
mkdirSync(join(root, 'build/icons'), { recursive: true });
for (const size of [16, 32, 48, 64, 128, 256, 512]) {
  writeFileSync(join(root, `build/icons/${size}x${size}.png`), render(size));
}
console.log('wrote build/icon.png and build/icons/*.png');
