// The Electron fuses PoolScope ships with, one decision per fuse (docs/desktop.md says why).
// Read by scripts/after-pack.mjs, which flips them in the packaged binary, and by the tests.
import { FuseV1Options, FuseVersion } from '@electron/fuses';

/** Each fuse: its state in the packaged app, and why. */
export const FUSE_CHOICES = {
  // Kept ON, deliberately: workers are the Electron Helper run as Node (child_process.fork
  // without execPath, electron/main/launcher.ts), which needs ELECTRON_RUN_AS_NODE. The price:
  // the signed binary can be started as a plain Node. Moving workers to utilityProcess would
  // let this go (docs/desktop.md says what that needs).
  [FuseV1Options.RunAsNode]: true,
  // The page sets no cookies; encrypting the store costs nothing.
  [FuseV1Options.EnableCookieEncryption]: true,
  // NODE_OPTIONS and --inspect would let anyone who starts the app inject code into main.
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  // app.asar is checked against the hash electron-builder embeds (macOS, Windows); the
  // unpacked worker and Python files are not covered by it (asarUnpack), see docs/desktop.md.
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
  // Kept: the page is loaded from file:// (loadFile) and its module scripts need the file:
  // scheme's extra privileges. Serving it from a custom protocol would let this go.
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: true,
  [FuseV1Options.WasmTrapHandlers]: true,
};

/** The config for flipFuses: every fuse set (strict), so a new Electron fuse fails the build. */
export function fuseConfig(platform, arch) {
  return {
    version: FuseVersion.V1,
    strictlyRequireAllFuses: true,
    // Flipping fuses breaks the ad-hoc signature of an arm64 Mac build; re-sign it ad hoc.
    resetAdHocDarwinSignature: platform === 'darwin' && arch === 'arm64',
    ...FUSE_CHOICES,
  };
}
