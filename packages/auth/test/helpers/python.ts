/** Runs the machine's Debian Python (with Werkzeug, Flask-Login, itsdangerous) for interop tests. */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const PYTHON = '/usr/bin/python3';

/** Why interop tests skip, or false when Python and the packages are there. */
export const pythonMissing: string | false = (() => {
  if (!existsSync(PYTHON)) return `${PYTHON} is not installed (.ci/install-components installs it)`;
  return false;
})();

/** Runs `code` with JSON `input` on stdin and returns stdout parsed as JSON. */
export function runPython(code: string, input: unknown = null): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const child = execFile(PYTHON, ['-c', code], { timeout: 60_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`python failed: ${stderr || error.message}`));
      else {
        try {
          resolve(JSON.parse(stdout));
        } catch {
          reject(new Error(`python printed no JSON: ${stdout} ${stderr}`));
        }
      }
    });
    child.stdin?.end(JSON.stringify(input));
  });
}

/** The installed Werkzeug's major version, or null without Python or Werkzeug. */
export function werkzeugMajorVersion(): number | null {
  if (pythonMissing) return null;
  try {
    const out = execFileSync(PYTHON, ['-c', 'import werkzeug; print(werkzeug.__version__)'], {
      encoding: 'utf8',
    });
    return Number.parseInt(out.trim().split('.')[0] ?? '', 10) || null;
  } catch {
    return null;
  }
}
