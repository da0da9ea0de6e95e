// The build context as Docker sends it: a copy of the context folder without what .dockerignore names.
// Patterns follow Docker's rules for the cases a .dockerignore usually has: paths relative to the context
// root, `*` and `?` within one path segment, `**` across segments, a pattern matching a folder leaves out all
// of it, `!` brings a path back, and the last matching pattern wins.

import { cpSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

interface Rule {
  readonly exclude: boolean;
  readonly pattern: RegExp;
}

function toRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i] as string;
    if (char === '*' && glob[i + 1] === '*') {
      source += '.*';
      i++;
      if (glob[i + 1] === '/') i++;
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  // A pattern names a path and everything under it.
  return new RegExp(`^${source}(?:/.*)?$`);
}

/** The rules of a .dockerignore file's text. */
export function parseDockerignore(text: string): Rule[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const exclude = !line.startsWith('!');
      const path = (exclude ? line : line.slice(1)).replace(/^\.?\/+/, '').replace(/\/+$/, '');
      return { exclude, pattern: toRegExp(path) };
    });
}

/** Whether `path` (relative to the context root, `/`-separated) is left out. */
export function isIgnored(rules: readonly Rule[], path: string): boolean {
  let ignored = false;
  for (const rule of rules) if (rule.pattern.test(path)) ignored = rule.exclude;
  return ignored;
}

/** Copies `from` to `to` as the build context Docker would send: every file .dockerignore does not leave out. */
export function copyContext(from: string, to: string): string[] {
  let rules: Rule[] = [];
  try {
    rules = parseDockerignore(readFileSync(join(from, '.dockerignore'), 'utf8'));
  } catch {
    rules = [];
  }
  const sent: string[] = [];
  cpSync(from, to, {
    recursive: true,
    filter: (source) => {
      const path = relative(from, source).split('\\').join('/');
      if (path === '') return true;
      if (isIgnored(rules, path)) return false;
      sent.push(path);
      return true;
    },
  });
  return sent;
}

/** Every file under `dir`, relative, `/`-separated. */
export function listFiles(dir: string, prefix = ''): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const path = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) files.push(...listFiles(dir, path));
    else files.push(path);
  }
  return files;
}
