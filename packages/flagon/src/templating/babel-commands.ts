/**
 * `flagon babel extract | init | update | compile`: the message-catalog workflow of pybabel, for templates and
 * the app's sources. Extract the translatable strings into a `.pot`, start a language's `.po` from it, merge a newer `.pot`
 * into the existing `.po` files, and compile `.po` files into the `.mo` catalogs Babel reads.
 */

import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve, sep } from 'node:path';
import type { App } from '../app/app.ts';
import { CommandError } from '../app/app-group.ts';
import { templateSources } from './app-loader.ts';
import type * as CatalogUpdate from './catalog-update.ts';
import type * as ExtractSources from './extract-sources.ts';
import type { KeywordSpec } from './extract-sources.ts';
import type * as PoFiles from './po-file.ts';
import type { PoFile } from './po-file.ts';

/**
 * The catalog tools the commands use, loaded by the first command that runs: registering the commands (every
 * app with Babel does) must not load them, nor the template engine the .po reader uses.
 */
let tools: typeof CatalogUpdate & typeof ExtractSources & typeof PoFiles;

async function loadTools(): Promise<void> {
  if (tools !== undefined) return;
  const [update, sources, po] = await Promise.all([
    import('./catalog-update.ts'),
    import('./extract-sources.ts'),
    import('./po-file.ts'),
  ]);
  tools = { ...update, ...sources, ...po };
}

const TEMPLATE_EXTENSIONS = new Set([
  '.html',
  '.htm',
  '.xml',
  '.xhtml',
  '.txt',
  '.jinja',
  '.jinja2',
  '.j2',
  '.svg',
]);
const LOCALE = /^[A-Za-z]{2,8}([_-][A-Za-z0-9]{1,8})*(@[A-Za-z0-9]+)?$/;
const DOMAIN = /^[\w-][\w.-]*$/;

function translationDirectories(app: App): string[] {
  return String(app.config.get('BABEL_TRANSLATION_DIRECTORIES', 'translations'))
    .split(';')
    .filter((d) => d.trim() !== '')
    .map((d) => resolve(app.rootPath, d.trim()));
}

function domainOf(app: App): string {
  return String(app.config.get('BABEL_DOMAIN', 'messages'));
}

function templateFiles(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && TEMPLATE_EXTENSIONS.has(extname(entry.name).toLowerCase()))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/** A date as .po headers write it: `2026-12-07 10:24+0000`. */
function poDate(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')}+0000`;
}

/** A language's first catalog: the template with a Language header. */
function startCatalog(pot: string, locale: string): string {
  return pot.replace('"MIME-Version: 1.0\\n"', `"Language: ${locale}\\n"\n"MIME-Version: 1.0\\n"`);
}

function readCatalogFile(path: string, what: string): PoFile {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new CommandError(`Cannot read ${what} ${path}: ${(error as Error).message}`);
  }
  try {
    return tools.readPo(tools.decodePo(bytes));
  } catch (error) {
    throw new CommandError(`Cannot read ${what} ${path}: ${(error as Error).message}`);
  }
}

/** The catalog's number of plural forms, from its Plural-Forms header (2 when it has none, as for English). */
function pluralCount(catalog: PoFile, path: string): number {
  const forms = tools.headerField(catalog, 'Plural-Forms');
  if (forms === undefined) return 2;
  const n = /nplurals\s*=\s*(\d+)/.exec(forms)?.[1];
  if (n === undefined || Number(n) < 1 || Number(n) > 100)
    throw new CommandError(
      `Cannot update ${path}: its Plural-Forms header has no valid nplurals (${forms}).`,
    );
  return Number(n);
}

function checkUtf8(catalog: PoFile, path: string): void {
  const charset = /charset=([^\s;]+)/i.exec(tools.headerField(catalog, 'Content-Type') ?? '')?.[1] ?? 'utf-8';
  if (!/^utf-?8$/i.test(charset))
    throw new CommandError(`Cannot update ${path}: only UTF-8 catalogs can be rewritten (it is ${charset}).`);
}

/** Adds the `babel` command group to the app's CLI. */
export function registerBabelCommands(app: App): void {
  const group = app.cli.group('babel', { description: 'Extract, start and compile message catalogs.' });

  group.command(
    'extract',
    {
      description:
        "Extract the translatable strings of the templates and of the app's TypeScript/JavaScript sources " +
        'into a message template (.pot).',
      options: {
        output: { short: 'o', default: 'messages.pot', description: 'Where to write the .pot file.' },
        sources: {
          type: 'boolean',
          default: true,
          description:
            "Also extract from the .ts/.js files under the app's folder (--no-sources: templates only).",
        },
        keyword: {
          short: 'k',
          type: 'strings',
          description: 'Another keyword of the sources, as name, name:1,2 or name:1c,2 (repeatable).',
        },
        verbose: {
          short: 'v',
          type: 'boolean',
          description: 'Name the calls skipped for a non-literal argument.',
        },
      },
    },
    async ({ output, sources, keyword, verbose }, ctx) => {
      await loadTools();
      const engine = await import('@flagon/templates');
      const env = new engine.Environment({ extensions: ['i18n'] });
      // Flask-Babel installs new-style gettext; extraction then sees the same calls the app renders.
      env.installNullTranslations({ newstyle: true });
      const keywords: Record<string, KeywordSpec> = { ...tools.DEFAULT_SOURCE_KEYWORDS };
      for (const text of keyword) {
        try {
          const [name, spec] = tools.parseKeyword(text);
          keywords[name] = spec;
        } catch (error) {
          throw new CommandError((error as Error).message);
        }
      }
      const found: { file: string; messages: ReturnType<typeof env.extractTranslations> }[] = [];
      const fileName = (path: string) => relative(app.rootPath, path).split(sep).join('/');
      let templates = 0;
      for (const { folder } of templateSources(app)) {
        for (const path of templateFiles(folder)) {
          const file = fileName(path);
          try {
            found.push({ file, messages: env.extractTranslations(readFileSync(path, 'utf8')) });
            templates += 1;
          } catch (error) {
            // The message names the line; a stack would only hide it.
            throw new CommandError(`Cannot extract from ${file}: ${(error as Error).message}`);
          }
        }
      }
      let sourceCount = 0;
      if (sources) {
        for (const path of tools.sourceFiles(app.rootPath, translationDirectories(app))) {
          const file = fileName(path);
          let extraction: ReturnType<typeof ExtractSources.extractFromFile>;
          try {
            extraction = tools.extractFromFile(path, keywords);
          } catch (error) {
            throw new CommandError(`Cannot extract from ${file}: ${(error as Error).message}`);
          }
          found.push({ file, messages: extraction.messages });
          sourceCount += 1;
          if (verbose)
            for (const { line, keyword: name } of extraction.skipped)
              ctx.echo(`${file}:${line}: skipped ${name}() with a non-literal argument`);
        }
      }
      const messages = engine.collectMessages(found);
      const target = resolve(output);
      // The creation date is what `update` carries into every catalog's header, as pybabel's does.
      const pot = engine
        .formatPot(messages, { project: app.name })
        .replace(
          '"MIME-Version: 1.0\\n"',
          `"POT-Creation-Date: ${poDate(new Date())}\\n"\n"MIME-Version: 1.0\\n"`,
        );
      writeFileSync(target, pot);
      ctx.echo(
        `extracted ${messages.length} messages from ${templates} templates` +
          (sources ? ` and ${sourceCount} source files` : '') +
          ` into ${target}`,
      );
    },
  );

  group.command(
    'init',
    {
      description: "Start a language's catalog (.po) from the message template.",
      options: {
        locale: { short: 'l', required: true, description: 'The language, as de or pt_BR.' },
        input: { short: 'i', default: 'messages.pot', description: 'The .pot file to start from.' },
      },
    },
    async ({ locale, input }, ctx) => {
      await loadTools();
      if (!LOCALE.test(locale))
        throw new CommandError(`'${locale}' is not a locale name (such as de or pt_BR).`);
      const source = resolve(input);
      if (!existsSync(source))
        throw new CommandError(`No message template at ${source}: run flagon babel extract first.`);
      const [directory] = translationDirectories(app);
      if (directory === undefined) throw new CommandError('BABEL_TRANSLATION_DIRECTORIES names no folder.');
      const target = join(directory, locale, 'LC_MESSAGES', `${domainOf(app)}.po`);
      if (existsSync(target))
        throw new CommandError(`${target} exists already; edit it (or delete it first).`);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, startCatalog(readFileSync(source, 'utf8'), locale));
      ctx.echo(`creating catalog ${target} based on ${source}`);
    },
  );

  group.command(
    'update',
    {
      description:
        "Merge the message template (.pot) into every language's catalog (.po), as pybabel update.",
      options: {
        inputFile: { short: 'i', default: 'messages.pot', description: 'The .pot file to merge in.' },
        outputDir: {
          short: 'd',
          description: 'The folder of <locale>/LC_MESSAGES/ (default the translations).',
        },
        locale: { short: 'l', description: 'Update only this language.' },
        domain: { short: 'D', description: 'The catalog name (default BABEL_DOMAIN, messages).' },
        fuzzyMatching: {
          type: 'boolean',
          default: true,
          description:
            'Give new messages the translation of close old ones, marked fuzzy (--no-fuzzy-matching: do not).',
        },
        ignoreObsolete: {
          type: 'boolean',
          description: 'Drop messages gone from the template instead of #~.',
        },
        initMissing: { type: 'boolean', description: 'Start the catalog of --locale when it has none.' },
        previous: { type: 'boolean', description: 'Keep the old msgid of fuzzy matches as #| comments.' },
      },
    },
    async (options, ctx) => {
      await loadTools();
      const domain = options.domain ?? domainOf(app);
      if (!DOMAIN.test(domain)) throw new CommandError(`'${domain}' is not a catalog domain name.`);
      if (options.locale !== undefined && !LOCALE.test(options.locale))
        throw new CommandError(`'${options.locale}' is not a locale name (such as de or pt_BR).`);
      if (options.initMissing && options.locale === undefined)
        throw new CommandError('--init-missing needs the locale (-l) of the catalog to start.');
      const directory =
        options.outputDir === undefined ? translationDirectories(app)[0] : resolve(options.outputDir);
      if (directory === undefined) throw new CommandError('BABEL_TRANSLATION_DIRECTORIES names no folder.');
      const source = resolve(options.inputFile);
      if (!existsSync(source))
        throw new CommandError(`No message template at ${source}: run flagon babel extract first.`);
      const template = readCatalogFile(source, 'the message template');
      const catalogPath = (locale: string) => join(directory, locale, 'LC_MESSAGES', `${domain}.po`);

      let targets: { locale: string; path: string }[];
      if (options.locale !== undefined) {
        const path = catalogPath(options.locale);
        if (!existsSync(path) && !options.initMissing)
          throw new CommandError(
            `No catalog at ${path}: start it with flagon babel init (or --init-missing).`,
          );
        targets = [{ locale: options.locale, path }];
      } else {
        const locales = existsSync(directory) ? readdirSync(directory).sort() : [];
        targets = locales
          .map((locale) => ({ locale, path: catalogPath(locale) }))
          .filter((t) => existsSync(t.path));
        if (targets.length === 0) throw new CommandError(`No message catalogs found in ${directory}.`);
      }

      const failures: string[] = [];
      for (const { locale, path } of targets) {
        try {
          let text: string;
          if (existsSync(path)) {
            const catalog = readCatalogFile(path, 'the catalog');
            checkUtf8(catalog, path);
            const nplurals = pluralCount(catalog, path);
            const result = tools.updateCatalog(catalog, template, {
              nplurals,
              fuzzyMatching: options.fuzzyMatching,
            });
            text = tools.formatPo(result.catalog, {
              nplurals,
              ignoreObsolete: options.ignoreObsolete,
              includePrevious: options.previous && options.fuzzyMatching,
            });
            ctx.echo(
              `updating catalog ${path} based on ${source}: ${result.added} new, ${result.fuzzy} fuzzy, ` +
                `${result.obsoleted} obsolete`,
            );
          } else {
            text = startCatalog(readFileSync(source, 'utf8'), locale);
            ctx.echo(`creating catalog ${path} based on ${source}`);
          }
          // Written beside the catalog and renamed over it: an interrupted update leaves the old file whole.
          mkdirSync(dirname(path), { recursive: true });
          const temporary = join(dirname(path), `.tmp-${process.pid}-${basename(path)}`);
          try {
            writeFileSync(temporary, text);
            renameSync(temporary, path);
          } catch (error) {
            rmSync(temporary, { force: true });
            throw new CommandError(`Cannot write ${path}: ${(error as Error).message}`);
          }
        } catch (error) {
          if (!(error instanceof CommandError)) throw error;
          failures.push(error.message);
        }
      }
      if (failures.length > 0) throw new CommandError(failures.join('\n'));
    },
  );

  group.command(
    'compile',
    { description: 'Compile every <locale>/LC_MESSAGES/<domain>.po into the .mo catalog Babel reads.' },
    async (_params, ctx) => {
      await loadTools();
      const engine = await import('@flagon/templates');
      let count = 0;
      for (const directory of translationDirectories(app)) {
        if (!existsSync(directory)) continue;
        for (const locale of readdirSync(directory).sort()) {
          const po = join(directory, locale, 'LC_MESSAGES', `${domainOf(app)}.po`);
          if (!existsSync(po)) continue;
          let mo: Uint8Array;
          try {
            mo = engine.writeMo(engine.parsePo(readFileSync(po)));
          } catch (error) {
            throw new CommandError(`Cannot compile ${po}: ${(error as Error).message}`);
          }
          writeFileSync(po.replace(/\.po$/, '.mo'), mo);
          ctx.echo(`compiling catalog ${po} to ${po.replace(/\.po$/, '.mo')}`);
          count += 1;
        }
      }
      if (count === 0) ctx.echo('no catalogs found to compile');
    },
  );
}
