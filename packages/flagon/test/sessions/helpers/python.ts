/** Runs real itsdangerous and Flask (through helpers/interop.py) for the interop tests. */

import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./interop.py', import.meta.url));

async function probe(): Promise<string | false> {
  try {
    await run(PYTHON, ['-c', 'import flask, itsdangerous, markupsafe'], { timeout: 30_000 });
    return false;
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return `${PYTHON} cannot import flask and itsdangerous (${reason}); the interop tests need them`;
  }
}

/** Why the interop tests must be skipped, or false when Python with Flask is available. */
export const pythonSkipReason: string | false = await probe();
if (pythonSkipReason) console.log(`# skipping Flask interop: ${pythonSkipReason}`);

/** One interop.py result: the value, or the itsdangerous error class that was raised. */
export type PythonResult = { ok: unknown } | { error: string; message: string };

/** Runs commands in one Python process and returns one result per command. */
export async function python(...commands: Array<Record<string, unknown>>): Promise<PythonResult[]> {
  const { stdout } = await run(PYTHON, [SCRIPT, JSON.stringify(commands)], { timeout: 30_000 });
  return JSON.parse(stdout) as PythonResult[];
}

/** The value of a single command, failing the test when Python raised. */
export async function pythonValue(command: Record<string, unknown>): Promise<unknown> {
  const [result] = await python(command);
  if (result === undefined || !('ok' in result)) throw new Error(`Python failed: ${JSON.stringify(result)}`);
  return result.ok;
}
