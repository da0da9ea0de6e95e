import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where a stack frame's code lives: the app's own files, a library (node_modules, Flagon), or Node itself. */
export type FrameKind = 'app' | 'library' | 'node';

/** One parsed line of a V8 stack trace. */
export interface StackFrame {
  /** The function, as V8 names it (`Object.view`, `async handler`), or `<anonymous>`. */
  readonly functionName: string;
  /** A file path, a `node:` specifier, or null when V8 gave no location (`native`, `<anonymous>`). */
  readonly file: string | null;
  readonly line: number | null;
  readonly column: number | null;
  readonly kind: FrameKind;
  /** The stack line as V8 wrote it. */
  readonly raw: string;
}

/** Lines of source around a frame; `current` is the frame's own line. */
export interface SourceExcerpt {
  readonly firstLine: number;
  readonly lines: readonly string[];
  readonly current: number;
}

const FRAME = /^\s*at (?:(.*?) \((.*)\)|(.*))$/;
const LOCATION = /^(.*?):(\d+):(\d+)$/;
// Flagon's own files count as library code in the app's stack traces.
const FLAGON_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..') + sep;

function toPath(location: string): string {
  if (location.startsWith('file://')) {
    try {
      return fileURLToPath(location);
    } catch {
      return location;
    }
  }
  return location;
}

function classify(file: string | null, appRoot: string): FrameKind {
  if (file === null || file.startsWith('node:') || !file.startsWith(sep)) return 'node';
  if (file.includes(`${sep}node_modules${sep}`) || file.startsWith(FLAGON_ROOT)) return 'library';
  return file.startsWith(appRoot.endsWith(sep) ? appRoot : appRoot + sep) ? 'app' : 'library';
}

/**
 * Parses the frames out of an error's `stack`. Lines that are not frames (the message, `[cause]` notes) are
 * skipped. `appRoot` decides which frames are the app's own.
 */
export function parseStack(stack: string, appRoot: string): StackFrame[] {
  const frames: StackFrame[] = [];
  for (const raw of stack.split('\n')) {
    const match = FRAME.exec(raw);
    if (match === null) continue;
    const name = match[1] ?? '';
    const where = match[2] ?? match[3] ?? '';
    // `eval at fn (file:1:2), <anonymous>:3:4` — the eval'd code has no file of its own.
    const location = LOCATION.exec(where.includes(', ') ? (where.split(', ').at(-1) ?? '') : where);
    const file = location ? toPath(location[1] as string) : null;
    frames.push({
      functionName: name || '<anonymous>',
      file: file?.startsWith('<') ? null : file,
      line: location ? Number(location[2]) : null,
      column: location ? Number(location[3]) : null,
      kind: classify(file, appRoot),
      raw: raw.trim(),
    });
  }
  return frames;
}

const MAX_SOURCE_BYTES = 2 * 1024 * 1024;
const MAX_LINE_LENGTH = 400;

/** Reads a file's text for excerpts, caching per render. Returns null for missing, huge or unreadable files. */
export function makeSourceReader(): (file: string) => string[] | null {
  const cache = new Map<string, string[] | null>();
  return (file) => {
    if (!cache.has(file)) {
      let lines: string[] | null = null;
      try {
        if (statSync(file).size <= MAX_SOURCE_BYTES) lines = readFileSync(file, 'utf8').split(/\r?\n/);
      } catch {
        lines = null;
      }
      cache.set(file, lines);
    }
    return cache.get(file) ?? null;
  };
}

/** `context` lines either side of `line` (1-based), each cut to a sane length. */
export function excerpt(lines: readonly string[], line: number, context = 5): SourceExcerpt | null {
  if (line < 1 || line > lines.length) return null;
  const first = Math.max(1, line - context);
  const last = Math.min(lines.length, line + context);
  const slice = lines
    .slice(first - 1, last)
    .map((text) => (text.length > MAX_LINE_LENGTH ? `${text.slice(0, MAX_LINE_LENGTH)}…` : text));
  return { firstLine: first, lines: slice, current: line };
}
