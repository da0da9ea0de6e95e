// The Procfile as Heroku-style platforms read it: `name: command` lines, each command run by a shell (so
// `$PORT` expands) in the app's folder, with node_modules/.bin on PATH.

import { readFileSync } from 'node:fs';

/** Process types by name. */
export function readProcfile(path: string): Map<string, string> {
  const processes = new Map<string, string>();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (/^\s*(#|$)/.test(line)) continue;
    const match = /^([A-Za-z0-9_-]+):\s*(.+)$/.exec(line);
    if (!match) throw new Error(`Procfile line is not "name: command": ${line}`);
    processes.set(match[1] as string, (match[2] as string).trim());
  }
  return processes;
}
