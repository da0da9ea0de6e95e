import { NoAppException } from './errors.ts';

/** A literal that may be passed to an app factory from the command line. */
export type FactoryArgument = string | number | boolean | null;

/** `--app` parsed: the module to import, and optionally what to take from it. */
export interface AppSpec {
  /** A file path (`src/app.ts`, `./app`) or a package specifier (`my-app/server`). */
  readonly module: string;
  /** The export to use; null lets Flagon look for `app` or a `createApp` factory. */
  readonly name: string | null;
  /** Arguments for a factory call, or null when `name` is used as is (no parentheses). */
  readonly args: readonly FactoryArgument[] | null;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * Parses an `--app` value: `module`, `module:name` or `module:factory(arg, …)`.
 *
 * Factory arguments may only be string, number, boolean or null literals; nothing is evaluated, so a value
 * from the environment can never run code. Strings take single or double quotes and the escapes `\\ \' \"
 * \n \t \r \uXXXX`.
 *
 * Differs from Flask: no keyword arguments (`createApp(debug=True)`); pass positional literals instead.
 *
 * @throws NoAppException when the text is not of that shape; the message points at the problem.
 * @example
 * parseAppSpec("src/app.ts:createApp('dev', 2)"); // { module: 'src/app.ts', name: 'createApp', args: ['dev', 2] }
 */
export function parseAppSpec(text: string): AppSpec {
  const spec = text.trim();
  // A colon followed by a slash or backslash belongs to the path (a Windows drive, a URL scheme).
  const colon = findSeparator(spec);
  const module = colon === -1 ? spec : spec.slice(0, colon);
  if (module === '')
    throw new NoAppException(`The app value ${JSON.stringify(text)} names no module. Use 'module[:name]'.`);
  if (colon === -1) return { module, name: null, args: null };
  const rest = spec.slice(colon + 1).trim();
  const paren = rest.indexOf('(');
  const name = (paren === -1 ? rest : rest.slice(0, paren)).trim();
  if (!IDENTIFIER.test(name)) {
    throw new NoAppException(
      `Failed to parse ${JSON.stringify(rest)} as an export name or a factory call. ` +
        "Use a name such as 'app', or a call with literal arguments such as \"createApp('dev')\".",
    );
  }
  if (paren === -1) return { module, name, args: null };
  if (!rest.endsWith(')')) {
    throw new NoAppException(`The factory call ${JSON.stringify(rest)} is missing its closing parenthesis.`);
  }
  const args = parseArguments(rest.slice(paren + 1, -1), rest);
  return { module, name, args };
}

function findSeparator(spec: string): number {
  for (let i = 0; i < spec.length; i++) {
    if (spec[i] !== ':') continue;
    const next = spec[i + 1];
    if (next === '/' || next === '\\') continue;
    return i;
  }
  return -1;
}

const NUMBER = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/;
const KEYWORDS: ReadonlyMap<string, FactoryArgument> = new Map<string, FactoryArgument>([
  ['true', true],
  ['false', false],
  ['null', null],
]);

function parseArguments(source: string, call: string): FactoryArgument[] {
  const args: FactoryArgument[] = [];
  let i = 0;
  const skipSpace = (): void => {
    while (i < source.length && /\s/.test(source[i] as string)) i++;
  };
  const fail = (what: string): never => {
    throw new NoAppException(
      `Failed to parse the arguments of ${JSON.stringify(call)}: ${what} at position ${i + 1}. ` +
        'Only string, number, boolean and null literals are allowed (nothing is evaluated).',
    );
  };
  skipSpace();
  while (i < source.length) {
    const ch = source[i] as string;
    if (ch === '"' || ch === "'") {
      const [value, end] = readString(source, i, fail);
      args.push(value);
      i = end;
    } else {
      const number = NUMBER.exec(source.slice(i));
      const word = /^[A-Za-z]+/.exec(source.slice(i));
      if (number) {
        args.push(Number(number[0]));
        i += number[0].length;
      } else if (word && KEYWORDS.has(word[0])) {
        args.push(KEYWORDS.get(word[0]) as FactoryArgument);
        i += word[0].length;
      } else {
        fail(`unexpected ${JSON.stringify(source.slice(i, i + 10))}`);
      }
    }
    skipSpace();
    if (i >= source.length) break;
    if (source[i] !== ',') fail('expected a comma');
    i++;
    skipSpace();
  }
  return args;
}

const ESCAPES: ReadonlyMap<string, string> = new Map([
  ['\\', '\\'],
  ["'", "'"],
  ['"', '"'],
  ['n', '\n'],
  ['t', '\t'],
  ['r', '\r'],
  ['0', '\0'],
]);

function readString(source: string, start: number, fail: (what: string) => never): [string, number] {
  const quote = source[start];
  let out = '';
  let i = start + 1;
  while (i < source.length) {
    const ch = source[i] as string;
    if (ch === quote) return [out, i + 1];
    if (ch === '\\') {
      const next = source[i + 1] ?? '';
      if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(source.slice(i + 2, i + 6))) {
        out += String.fromCharCode(Number.parseInt(source.slice(i + 2, i + 6), 16));
        i += 6;
        continue;
      }
      const escaped = ESCAPES.get(next);
      if (escaped === undefined) fail(`unknown escape \\${next}`);
      out += escaped;
      i += 2;
      continue;
    }
    out += ch;
    i++;
  }
  return fail('unterminated string');
}
