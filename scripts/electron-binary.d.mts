/** The Electron executable, or null when the install skipped it. */
export function findElectronBinary(): string | null;
