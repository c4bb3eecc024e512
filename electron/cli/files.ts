/** Reading the files a command is given, with errors that name the file and say what is wrong. */
import { readFile, stat } from 'node:fs/promises';
import { CliError } from './errors';

/** The text of `path`, refused with a reason when it is missing, a folder, or over `maxBytes`. */
export async function readTextFile(path: string, maxBytes: number, what: string): Promise<string> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new CliError(`${path}: is a folder, not a ${what}`);
    if (info.size > maxBytes) {
      throw new CliError(
        `${path}: ${megabytes(info.size)} is too large for a ${what} (at most ${megabytes(maxBytes)})`,
      );
    }
    return await readFile(path, 'utf8');
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`${path}: ${readProblem(e)}`);
  }
}

function readProblem(e: unknown): string {
  switch ((e as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'no permission to read it';
    default:
      return e instanceof Error ? e.message : String(e);
  }
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
