/**
 * Template benchmark: one realistic page (layout inheritance, 100 table rows rendered by a macro,
 * autoescaped fields with `<&>"'`) rendered by @flagon/templates, by Nunjucks (compiled once, cached,
 * autoescape on) and by a hand-written template literal (the ceiling). Engines run interleaved in rounds
 * in one process; the report gives the median renders/s of the rounds and ratios against Nunjucks.
 *
 *   npx node --conditions=flagon-source bench/templates.ts [--rounds 15] [--ms 300] [--markdown]
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const ROUNDS = option('rounds', 15);
const ROUND_MS = option('ms', 300);
const MARKDOWN = args.includes('--markdown');

const dir = new URL('./templates/', import.meta.url);
const TEMPLATES: Record<string, string> = {
  'layout.html': readFileSync(new URL('layout.html', dir), 'utf8'),
  'page.html': readFileSync(new URL('page.html', dir), 'utf8'),
};

interface Item {
  id: number;
  name: string;
  email: string;
  note: string;
  price: number;
  active: boolean;
}

function makeContext() {
  const notes = ['plain note', 'uses <b>tags</b> & "quotes"', "it's > 5 & < 10", 'nothing special here'];
  const items: Item[] = Array.from({ length: 100 }, (_, i) => ({
    id: i + 1,
    name: i % 7 === 0 ? `Ann & <Co> #${i}` : `User ${i}`,
    email: `user${i}@example.com`,
    note: notes[i % notes.length] as string,
    price: Math.round(i * 137.5) / 10 + 0.25,
    active: i % 3 !== 0,
  }));
  return {
    site: { name: 'Flagon <Demo>', footer: '© 2024 Flagon & friends' },
    nav: [
      { href: '/', label: 'Home', active: true },
      { href: '/users?sort=name&dir=asc', label: 'Users', active: false },
      { href: '/about', label: 'About "us"', active: false },
    ],
    title: 'Users & Accounts',
    intro: 'All <registered> users, newest first.',
    items,
  };
}

type Context = ReturnType<typeof makeContext>;

// --- the ceiling: a hand-written template literal -------------------------------------------------

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&#34;',
  "'": '&#39;',
};
const esc = (value: unknown) => {
  const text = String(value);
  return /[&<>"']/.test(text) ? text.replace(/[&<>"']/g, (ch) => ESCAPES[ch] as string) : text;
};

function renderLiteral(ctx: Context): string {
  const row = (item: Item, index: number) => `<tr class="${index % 2 === 1 ? 'odd' : 'even'}">
<td>${esc(item.id)}</td>
<td><a href="/users/${esc(item.id)}" title="${esc(item.name)}">${esc(item.name)}</a></td>
<td>${esc(item.email)}</td>
<td>${esc(item.note)}</td>
<td>${esc(item.price)}</td>
<td>${item.active ? 'yes' : 'no'}</td>
</tr>`;
  let rows = '';
  for (let i = 0; i < ctx.items.length; i++) rows += `${row(ctx.items[i] as Item, i + 1)}\n`;
  let nav = '';
  for (const link of ctx.nav) {
    nav += `<a href="${esc(link.href)}" class="${link.active ? 'active' : 'plain'}">${esc(link.label)}</a>\n`;
  }
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${esc(ctx.title)} - ${esc(ctx.site.name)}</title>
</head>
<body>
<header>
<h1>${esc(ctx.site.name)}</h1>
<nav>
${nav}</nav>
</header>
<main>
<h2>${esc(ctx.title)}</h2>
<p>${esc(ctx.intro)}</p>
<table>
<tr><th>#</th><th>Name</th><th>E-mail</th><th>Note</th><th>Price</th><th>Active</th></tr>
${rows}</table>
<p>${ctx.items.length} rows</p>
</main>
<footer>${esc(ctx.site.footer)}</footer>
</body>
</html>`;
}

// --- engines ------------------------------------------------------------------------------------------

type Render = (ctx: Context) => string;

interface NunjucksTemplate {
  render(ctx: unknown): string;
}
interface NunjucksModule {
  Environment: new (
    loader: unknown,
    options: { autoescape: boolean },
  ) => {
    getTemplate(name: string, eager: boolean): NunjucksTemplate;
  };
  Loader: { extend(members: Record<string, unknown>): new () => unknown };
}

function setupNunjucks(): Render {
  // Nunjucks ships no types; load it through require and describe the little we use.
  const nunjucks = createRequire(import.meta.url)('nunjucks') as NunjucksModule;
  const MemoryLoader = nunjucks.Loader.extend({
    getSource(name: string) {
      const src = TEMPLATES[name];
      return src === undefined ? null : { src, path: name, noCache: false };
    },
  });
  const env = new nunjucks.Environment(new MemoryLoader(), { autoescape: true });
  const template = env.getTemplate('page.html', true);
  return (ctx) => template.render(ctx);
}

interface FlagonModule {
  Environment: new (
    options: Record<string, unknown>,
  ) => {
    getTemplate(name: string): { render(ctx: unknown): unknown };
  };
  DictLoader: new (templates: Record<string, string>) => unknown;
}

async function importFlagon(): Promise<FlagonModule | string> {
  let mod: Partial<FlagonModule>;
  try {
    mod = (await import('@flagon/templates')) as Partial<FlagonModule>;
  } catch (error) {
    return `cannot import @flagon/templates: ${(error as Error).message}`;
  }
  if (typeof mod.Environment !== 'function' || typeof mod.DictLoader !== 'function') {
    return '@flagon/templates does not export Environment and DictLoader yet';
  }
  return mod as FlagonModule;
}

function setupFlagon(mod: FlagonModule): Render {
  const env = new mod.Environment({ loader: new mod.DictLoader(TEMPLATES), autoescape: true });
  const template = env.getTemplate('page.html');
  return (ctx) => {
    const out = template.render(ctx);
    if (typeof out !== 'string') throw new Error('@flagon/templates render() did not return a string');
    return out;
  };
}

// --- measuring -----------------------------------------------------------------------------------------

/** Collapses whitespace and unifies entity spellings so equivalent HTML compares equal. */
function normalize(html: string): string {
  return html
    .replaceAll('&quot;', '&#34;')
    .replaceAll('&#x27;', '&#39;')
    .replace(/\s+/g, ' ')
    .replace(/> </g, '><')
    .trim();
}

function timeFirst(setup: () => Render): { ms: number; render: Render } {
  const start = performance.now();
  const render = setup();
  render(makeContext());
  return { ms: performance.now() - start, render };
}

function measureRound(render: Render, ctx: Context): number {
  let n = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ROUND_MS) {
    for (let i = 0; i < 10; i++) render(ctx);
    n += 10;
    now = performance.now();
  }
  return (n * 1000) / (now - start);
}

function median(values: number[]): number {
  const sorted = values.slice().sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

async function main(): Promise<void> {
  const ctx = makeContext();
  const engines: { name: string; render: Render; firstMs: number | null }[] = [];
  const literal = renderLiteral;
  engines.push({ name: 'template literal (ceiling)', render: literal, firstMs: null });
  // Module loading is not compilation: import both engines before timing their first compile.
  createRequire(import.meta.url)('nunjucks');
  const mod = await importFlagon();
  const nunjucks = timeFirst(setupNunjucks);
  engines.push({ name: 'Nunjucks 3.2.4', render: nunjucks.render, firstMs: nunjucks.ms });
  if (typeof mod === 'string') {
    console.error(`skipping @flagon/templates: ${mod}`);
  } else {
    const flagon = timeFirst(() => setupFlagon(mod));
    engines.push({ name: '@flagon/templates', render: flagon.render, firstMs: flagon.ms });
  }

  const reference = normalize(literal(ctx));
  for (const engine of engines) {
    const got = normalize(engine.render(ctx));
    if (got !== reference) {
      const at = [...got].findIndex((ch, i) => ch !== reference[i]);
      throw new Error(
        `${engine.name} renders different HTML at ${at}:\n  got:      …${got.slice(at - 60, at + 60)}\n` +
          `  expected: …${reference.slice(at - 60, at + 60)}`,
      );
    }
  }

  const samples = new Map<string, number[]>(engines.map((e) => [e.name, []]));
  for (let i = 0; i < 3; i++) for (const engine of engines) engine.render(ctx); // warm-up
  for (let round = 0; round < ROUNDS; round++) {
    // Rotate the order each round so no engine always runs right after the same one.
    for (let k = 0; k < engines.length; k++) {
      const engine = engines[(round + k) % engines.length] as (typeof engines)[number];
      samples.get(engine.name)?.push(measureRound(engine.render, ctx));
    }
  }

  const nunjucksRate = median(samples.get('Nunjucks 3.2.4') ?? [1]);
  const rows = engines.map((engine) => {
    const rate = median(samples.get(engine.name) ?? []);
    return {
      engine: engine.name,
      rate: Math.round(rate).toLocaleString('en-US'),
      ratio: `${(rate / nunjucksRate).toFixed(2)}×`,
      bytes: Buffer.byteLength(engine.render(ctx)).toLocaleString('en-US'),
      first: engine.firstMs === null ? '–' : `${engine.firstMs.toFixed(1)} ms`,
    };
  });
  const header = ['Engine', 'Renders/s (median)', 'vs Nunjucks', 'Output bytes', 'First compile + render'];
  const lines = [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.engine} | ${r.rate} | ${r.ratio} | ${r.bytes} | ${r.first} |`),
  ];
  const cpu = cpus();
  const machine = `${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}`;
  if (MARKDOWN) console.log(`${machine}; ${ROUNDS} rounds of ${ROUND_MS} ms\n`);
  else console.log(`Template benchmark: ${machine}; ${ROUNDS} rounds of ${ROUND_MS} ms per engine\n`);
  console.log(lines.join('\n'));
  console.log('\nAll engines render the same HTML (whitespace and entity spelling normalized).');
}

await main();
