// electron-builder's afterPack hook: flips the fuses (scripts/fuses.mjs) in the packed Electron
// binary, after packing and before signing, so the signature covers them.
import { flipFuses } from '@electron/fuses';
import { join } from 'node:path';
import { fuseConfig } from './fuses.mjs';

/** electron-builder's Arch enum, by value. */
const ARCH = ['ia32', 'x64', 'armv7l', 'arm64', 'universal'];

export function electronBinary({ appOutDir, electronPlatformName, packager }) {
  const name = packager.appInfo.productFilename;
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas') {
    return join(appOutDir, `${name}.app`);
  }
  if (electronPlatformName === 'win32') return join(appOutDir, `${name}.exe`);
  return join(appOutDir, packager.executableName);
}

export default async function afterPack(context) {
  const binary = electronBinary(context);
  const arch = ARCH[context.arch] ?? String(context.arch);
  const flipped = await flipFuses(binary, fuseConfig(context.electronPlatformName, arch));
  console.log(`PoolScope: set the fuses of ${binary} (${flipped} changed)`);
}
