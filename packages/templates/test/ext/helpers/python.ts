/** Runs the real Python gettext and Jinja2 (through i18n_interop.py) for the interop tests. */

import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./i18n_interop.py', import.meta.url));

async function probe(): Promise<string | false> {
  try {
    await run(PYTHON, ['-c', 'import jinja2, gettext'], { timeout: 30_000 });
    return false;
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return `${PYTHON} cannot import jinja2 (${reason}); the i18n interop tests need it`;
  }
}

/** Why the interop tests must be skipped, or false when Python with Jinja2 is available. */
export const pythonSkipReason: string | false = await probe();
if (pythonSkipReason) console.log(`# skipping i18n interop: ${pythonSkipReason}`);

/** One command's result: the value, or the class and message of the exception Python raised. */
export type PythonResult = { ok: unknown } | { error: string; message: string };

/** Runs commands in one Python process and returns one result per command. */
export async function python(commands: ReadonlyArray<Record<string, unknown>>): Promise<PythonResult[]> {
  const child = run(PYTHON, [SCRIPT], { timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
  child.child.stdin?.end(JSON.stringify(commands));
  const { stdout } = await child;
  return JSON.parse(stdout) as PythonResult[];
}
