/**
 * Extracting translatable strings from an app's TypeScript and JavaScript sources, as Babel's
 * `extract_javascript` does: calls of the gettext keywords whose message arguments are string literals.
 * TypeScript is type-stripped first (positions kept, so lines are the file's own).
 */

import { readdirSync, readFileSync } from 'node:fs';
import { stripTypeScriptTypes } from 'node:module';
import { extname, join } from 'node:path';
import { type JsToken, tokenizeJs } from './js-lexer.ts';

/** Which (1-based) arguments of a keyword are the context, the message and its plural. */
export interface KeywordSpec {
  readonly context?: number;
  readonly id: number;
  readonly plural?: number;
}

/** Babel's default JavaScript keywords, with Flagon's lazy variants. */
export const DEFAULT_SOURCE_KEYWORDS: Readonly<Record<string, KeywordSpec>> = {
  _: { id: 1 },
  gettext: { id: 1 },
  ngettext: { id: 1, plural: 2 },
  pgettext: { context: 1, id: 2 },
  npgettext: { context: 1, id: 2, plural: 3 },
  lazyGettext: { id: 1 },
  lazyNgettext: { id: 1, plural: 2 },
  lazyPgettext: { context: 1, id: 2 },
};

/** A message found in a source file, shaped as the template extractor's `[lineno, funcname, message]`. */
export type SourceMessage = [lineno: number, funcname: string, message: string | string[]];

/** What one file gave: its messages, and the keyword calls skipped for a non-literal argument. */
export interface SourceExtraction {
  readonly messages: SourceMessage[];
  readonly skipped: { readonly line: number; readonly keyword: string }[];
}

/** A source file that cannot be read as JavaScript or TypeScript; `line` when it is known. */
export class SourceExtractError extends Error {
  readonly line?: number | undefined;

  constructor(message: string, line?: number) {
    super(line === undefined ? message : `${message} (line ${line})`);
    this.line = line;
  }

  override get name(): string {
    return 'SourceExtractError';
  }
}

const SOURCE_EXTENSIONS = new Set(['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs']);
const SKIPPED_FOLDERS = new Set([
  'node_modules',
  'dist',
  'build',
  'coverage',
  '.git',
  'test',
  'tests',
  '__tests__',
]);

/**
 * Parses a keyword as pybabel's `-k` takes it: `name`, `name:2`, `name:1,2`, `name:1c,2`, `name:1c,2,3`.
 * @throws SourceExtractError for a spec that is not one.
 */
export function parseKeyword(text: string): [name: string, spec: KeywordSpec] {
  const match = /^([\p{ID_Start}$_][\p{ID_Continue}$]*)(?::(.+))?$/u.exec(text);
  if (match === null) throw new SourceExtractError(`'${text}' is not a keyword (as name or name:1c,2).`);
  const [, name, indices] = match as unknown as [string, string, string | undefined];
  if (indices === undefined) return [name, { id: 1 }];
  let context: number | undefined;
  const messages: number[] = [];
  for (const part of indices.split(',')) {
    const index = /^([1-9]\d?)(c?)$/.exec(part.trim());
    if (index === null) throw new SourceExtractError(`'${text}' is not a keyword (as name or name:1c,2).`);
    if (index[2] === 'c') {
      if (context !== undefined) throw new SourceExtractError(`'${text}' names two context arguments.`);
      context = Number(index[1]);
    } else messages.push(Number(index[1]));
  }
  const [id, plural, extra] = messages;
  if (id === undefined || extra !== undefined)
    throw new SourceExtractError(`'${text}' must name one or two message arguments.`);
  return [
    name,
    { ...(context === undefined ? {} : { context }), id, ...(plural === undefined ? {} : { plural }) },
  ];
}

/** JavaScript source of a file: TypeScript with its types replaced by blanks, JavaScript as it is. */
function javascriptOf(code: string, extension: string): string {
  if (extension !== '.ts' && extension !== '.mts' && extension !== '.cts') return code;
  try {
    return stripTypeScriptTypes(code, { mode: 'strip' });
  } catch (error) {
    const { code: reason, message, stack } = error as NodeJS.ErrnoException;
    // Enums and parameter properties need a transform that moves code; the lexer reads them as they are.
    if (reason === 'ERR_UNSUPPORTED_TYPESCRIPT_SYNTAX') return code;
    // The TypeScript parser puts the line at the head of its stack (`:12`).
    const line = /^:(\d+)\n/.exec(stack ?? '')?.[1];
    throw new SourceExtractError(
      `not valid TypeScript: ${message}`,
      line === undefined ? undefined : Number(line),
    );
  }
}

/** One argument being read: nothing yet, a literal (maybe awaiting `+ 'more'`), or something else. */
type Argument = { kind: 'empty' } | { kind: 'literal'; value: string; plus: boolean } | { kind: 'other' };

interface Call {
  readonly keyword: string;
  readonly line: number;
  readonly args: (string | null)[];
  current: Argument;
  depth: number;
}

/**
 * The keyword calls of JavaScript (or TypeScript) source with literal messages, in source order. A call is
 * skipped when one of its message arguments is not a string, a template literal without `${}`, or a `+` of
 * those; an inner keyword call is extracted on its own.
 * @throws SourceExtractError for source that does not lex, naming the line.
 */
export function extractFromSource(
  code: string,
  options: { extension?: string; keywords?: Readonly<Record<string, KeywordSpec>> } = {},
): SourceExtraction {
  const keywords = options.keywords ?? DEFAULT_SOURCE_KEYWORDS;
  let tokens: JsToken[];
  try {
    tokens = tokenizeJs(javascriptOf(code, options.extension ?? '.ts'));
  } catch (error) {
    if (error instanceof SourceExtractError) throw error;
    const { message, line } = error as { message: string; line?: number };
    throw new SourceExtractError(message.replace(/ \(line \d+\)$/, ''), line);
  }
  const significant = tokens.filter((t) => t.type !== 'comment');
  const found: { order: number; message: SourceMessage }[] = [];
  const skipped: SourceExtraction['skipped'] = [];
  const calls: Call[] = [];

  const finish = (call: Call, order: number) => {
    const args = [...call.args];
    const spec = keywords[call.keyword] as KeywordSpec;
    const wanted = [spec.context, spec.id, spec.plural].filter((i): i is number => i !== undefined);
    const values = wanted.map((i) => args[i - 1]);
    if (values.some((v) => typeof v !== 'string')) {
      if (args.length >= Math.max(...wanted)) skipped.push({ line: call.line, keyword: call.keyword });
      return;
    }
    const [first, second, third] = values as string[];
    const id = spec.context === undefined ? (first as string) : (second as string);
    if (id === '') return;
    let message: SourceMessage;
    if (spec.context === undefined && spec.plural === undefined) message = [call.line, 'gettext', id];
    else if (spec.context === undefined) message = [call.line, 'ngettext', [id, second as string]];
    else if (spec.plural === undefined) message = [call.line, 'pgettext', [first as string, id]];
    else message = [call.line, 'npgettext', [first as string, id, third as string]];
    found.push({ order, message });
  };
  const endArgument = (call: Call) => {
    const { current } = call;
    call.args.push(current.kind === 'literal' && !current.plus ? current.value : null);
    call.current = { kind: 'empty' };
  };
  const taint = (call: Call | undefined) => {
    if (call !== undefined && call.depth === 0) call.current = { kind: 'other' };
  };

  for (const [i, token] of significant.entries()) {
    const call = calls[calls.length - 1];
    const before = significant[i - 1];
    if (
      token.type === 'name' &&
      Object.hasOwn(keywords, token.value ?? '') &&
      significant[i + 1]?.type === 'punct' &&
      significant[i + 1]?.value === '(' &&
      !(before?.type === 'name' && before.value === 'function')
    ) {
      taint(call);
      calls.push({
        keyword: token.value as string,
        line: token.line,
        args: [],
        current: { kind: 'empty' },
        depth: -1,
      });
      continue;
    }
    if (call === undefined) continue;
    if (call.depth === -1) {
      call.depth = 0; // the call's own `(`
      continue;
    }
    const { current } = call;
    if (token.type === 'punct' && call.depth === 0 && (token.value === ',' || token.value === ')')) {
      if (token.value === ',' || current.kind !== 'empty') endArgument(call);
      if (token.value === ')') {
        calls.pop();
        finish(call, i);
        taint(calls[calls.length - 1]);
      }
      continue;
    }
    if (token.type === 'punct' && (token.value === '(' || token.value === '[' || token.value === '{')) {
      taint(call);
      call.depth++;
    } else if (
      token.type === 'punct' &&
      (token.value === ')' || token.value === ']' || token.value === '}')
    ) {
      call.depth = Math.max(0, call.depth - 1);
    } else if (call.depth > 0) {
      // Inside brackets of an argument: it is not a literal (taint was applied on the way in).
    } else if (token.type === 'string' || (token.type === 'template' && token.value !== null)) {
      if (current.kind === 'empty')
        call.current = { kind: 'literal', value: token.value as string, plus: false };
      else if (current.kind === 'literal' && current.plus)
        call.current = { kind: 'literal', value: current.value + (token.value as string), plus: false };
      else call.current = { kind: 'other' };
    } else if (token.type === 'punct' && token.value === '+' && current.kind === 'literal' && !current.plus) {
      call.current = { kind: 'literal', value: current.value, plus: true };
    } else {
      call.current = { kind: 'other' };
    }
  }
  if (calls.length > 0) {
    const open = calls[0] as Call;
    throw new SourceExtractError(`${open.keyword}( is never closed`, open.line);
  }
  found.sort((a, b) => a.message[0] - b.message[0] || a.order - b.order);
  return { messages: found.map((f) => f.message), skipped };
}

/**
 * The .ts/.mts/.js/.mjs files under a folder, sorted, leaving out node_modules, dist, build, coverage, hidden
 * folders (.git, .cache), test folders, declaration files and the given folders (the translations).
 */
export function sourceFiles(root: string, excluded: readonly string[] = []): string[] {
  const files: string[] = [];
  const visit = (folder: string) => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name) && !entry.name.startsWith('.') && !excluded.includes(path))
          visit(path);
      } else if (
        entry.isFile() &&
        SOURCE_EXTENSIONS.has(extname(entry.name).toLowerCase()) &&
        !/\.d\.[mc]?ts$/i.test(entry.name)
      ) {
        files.push(path);
      }
    }
  };
  visit(root);
  return files.sort();
}

/** Reads and extracts one file (TypeScript by its extension). */
export function extractFromFile(
  path: string,
  keywords?: Readonly<Record<string, KeywordSpec>>,
): SourceExtraction {
  return extractFromSource(readFileSync(path, 'utf8'), {
    extension: extname(path).toLowerCase(),
    ...(keywords === undefined ? {} : { keywords }),
  });
}
