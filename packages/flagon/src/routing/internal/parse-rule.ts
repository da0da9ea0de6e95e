/** Tokenizer for rule strings (`/user/<int(min=1):id>`) and converter argument lists (`min=1, max=9`). */
import { RuleSyntaxError } from '../errors.ts';

/** Arguments written in `<conv(args):name>`: positional in order, named in a null-prototype object. */
export interface ConverterArgs {
  readonly positional: readonly unknown[];
  readonly named: Readonly<Record<string, unknown>>;
}

export type RuleToken =
  | { readonly kind: 'static'; readonly text: string }
  | { readonly kind: 'slash' }
  | {
      readonly kind: 'variable';
      readonly converter: string;
      readonly args: ConverterArgs;
      readonly name: string;
      readonly source: string;
    };

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const SYNTAX_HELP = 'Write variables as <name>, <converter:name> or <converter(arguments):name>.';

/**
 * Splits a rule (or a subdomain/host pattern, `what` says which) into static text, slashes and variables.
 * @throws RuleSyntaxError on an unclosed `<`, a malformed variable, bad converter arguments or a reused name.
 */
export function parseRule(source: string, what = 'Rule'): RuleToken[] {
  const tokens: RuleToken[] = [];
  const seen = new Set<string>();
  let pos = 0;
  while (pos < source.length) {
    const char = source[pos];
    if (char === '/') {
      tokens.push({ kind: 'slash' });
      pos++;
    } else if (char === '<') {
      const end = findVariableEnd(source, pos);
      if (end === -1) {
        throw new RuleSyntaxError(
          `${what} '${source}' has a '<' at position ${pos} that is never closed by '>'. ${SYNTAX_HELP}`,
        );
      }
      const variable = parseVariable(source, source.slice(pos, end + 1), what);
      if (seen.has(variable.name)) {
        throw new RuleSyntaxError(
          `${what} '${source}' uses the variable name '${variable.name}' twice. Give each variable its own name.`,
        );
      }
      seen.add(variable.name);
      tokens.push(variable);
      pos = end + 1;
    } else {
      let end = pos;
      while (end < source.length && source[end] !== '/' && source[end] !== '<') end++;
      tokens.push({ kind: 'static', text: source.slice(pos, end) });
      pos = end;
    }
  }
  return tokens;
}

// Finds the '>' closing the variable at `start`, skipping quoted converter arguments such as any("a>b").
function findVariableEnd(source: string, start: number): number {
  let quote: string | null = null;
  for (let i = start + 1; i < source.length; i++) {
    const char = source[i];
    if (quote !== null) {
      if (char === quote) quote = null;
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if (char === '>') {
      return i;
    } else if (char === '<' || char === '/') {
      // A variable never spans a slash or contains another '<': the first '<' is the unclosed one.
      return -1;
    }
  }
  return -1;
}

function parseVariable(rule: string, text: string, what: string): RuleToken & { kind: 'variable' } {
  const body = text.slice(1, -1);
  const open = body.indexOf('(');
  const colon = open === -1 ? body.indexOf(':') : body.lastIndexOf(':');
  let converter = 'default';
  let args: ConverterArgs = { positional: [], named: Object.create(null) };
  let name = body;
  if (colon !== -1) {
    name = body.slice(colon + 1);
    let head = body.slice(0, colon);
    if (open !== -1 && open < colon) {
      if (!head.endsWith(')')) {
        throw new RuleSyntaxError(
          `${what} '${rule}' has a malformed variable '${text}': the converter arguments must end with ')' right before ':'. ${SYNTAX_HELP}`,
        );
      }
      args = parseConverterArgs(head.slice(open + 1, -1), rule, text, what);
      head = head.slice(0, open);
    }
    converter = head;
    if (!IDENTIFIER.test(converter)) {
      throw new RuleSyntaxError(
        `${what} '${rule}' has a malformed variable '${text}': '${converter}' is not a valid converter name. ${SYNTAX_HELP}`,
      );
    }
  }
  if (!IDENTIFIER.test(name)) {
    throw new RuleSyntaxError(
      `${what} '${rule}' has a malformed variable '${text}': '${name}' is not a valid variable name (use letters, digits and '_', not starting with a digit). ${SYNTAX_HELP}`,
    );
  }
  return { kind: 'variable', converter, args, name, source: text };
}

const NAMED_ARG = /^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*([\s\S]*)$/;

/** Parses `a, "b,c", min=1, signed=True` Werkzeug-style. */
export function parseConverterArgs(
  text: string,
  rule: string,
  variable: string,
  what = 'Rule',
): ConverterArgs {
  const positional: unknown[] = [];
  const named: Record<string, unknown> = Object.create(null);
  const fail = (why: string): never => {
    throw new RuleSyntaxError(`${what} '${rule}' has bad converter arguments in '${variable}': ${why}`);
  };
  const items = splitArgs(text, fail);
  items.forEach((raw, index) => {
    const item = raw.trim();
    if (item === '') {
      // Allow one trailing comma, like Python: any(a, b,)
      if (index === items.length - 1 && index > 0) return;
      fail('an argument is empty. Separate arguments with single commas.');
    }
    const namedMatch = NAMED_ARG.exec(item);
    if (namedMatch && !/^["']/.test(item)) {
      const key = namedMatch[1] as string;
      if (key in named) fail(`'${key}' is given twice.`);
      named[key] = parseLiteral(namedMatch[2]?.trim() ?? '', fail);
    } else {
      if (Object.keys(named).length > 0) fail(`the positional argument ${item} comes after a named one.`);
      positional.push(parseLiteral(item, fail));
    }
  });
  return { positional, named };
}

function splitArgs(text: string, fail: (why: string) => never): string[] {
  const items: string[] = [];
  let current = '';
  let quote: string | null = null;
  for (const char of text) {
    if (quote !== null) {
      if (char === quote) quote = null;
      current += char;
    } else if (char === '"' || char === "'") {
      quote = char;
      current += char;
    } else if (char === ',') {
      items.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  if (quote !== null) fail(`a ${quote} quote is never closed.`);
  if (text.trim() !== '' || items.length > 0) items.push(current);
  return items;
}

function parseLiteral(text: string, fail: (why: string) => never): unknown {
  if (/^(["'])[\s\S]*\1$/.test(text) && text.length >= 2) return text.slice(1, -1);
  if (text === 'True' || text === 'true') return true;
  if (text === 'False' || text === 'false') return false;
  if (text === 'None' || text === 'null') return null;
  if (/^-?(?:\d+(?:\.\d*)?|\.\d+)$/.test(text)) return Number(text);
  if (/^[\p{L}\p{N}_.-]+$/u.test(text)) return text;
  return fail(
    `${text === '' ? 'a value is missing' : `${text} is not a number, True/False/None, a word or a quoted string`}.`,
  );
}
