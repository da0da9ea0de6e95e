/**
 * `flagon babel extract | init | compile`: the message-catalog workflow of pybabel, for templates. Extract
 * the translatable strings into a `.pot`, start a language's `.po` from it, and compile `.po` files into the
 * `.mo` catalogs Babel reads.
 */

import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import type { App } from '../app/app.ts';
import { CommandError } from '../app/app-group.ts';
import { templateSources } from './app-loader.ts';

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

/** Adds the `babel` command group to the app's CLI. */
export function registerBabelCommands(app: App): void {
  const group = app.cli.group('babel', { description: 'Extract, start and compile message catalogs.' });

  group.command(
    'extract',
    {
      description: "Extract the templates' translatable strings into a message template (.pot).",
      options: {
        output: { short: 'o', default: 'messages.pot', description: 'Where to write the .pot file.' },
      },
    },
    async ({ output }, ctx) => {
      const engine = await import('@flagon/templates');
      const env = new engine.Environment({ extensions: ['i18n'] });
      // Flask-Babel installs new-style gettext; extraction then sees the same calls the app renders.
      env.installNullTranslations({ newstyle: true });
      const found: { file: string; messages: ReturnType<typeof env.extractTranslations> }[] = [];
      for (const { folder } of templateSources(app)) {
        for (const path of templateFiles(folder)) {
          const file = relative(app.rootPath, path).split(sep).join('/');
          try {
            found.push({ file, messages: env.extractTranslations(readFileSync(path, 'utf8')) });
          } catch (error) {
            // The message names the line; a stack would only hide it.
            throw new CommandError(`Cannot extract from ${file}: ${(error as Error).message}`);
          }
        }
      }
      const messages = engine.collectMessages(found);
      const target = resolve(output);
      writeFileSync(target, engine.formatPot(messages, { project: app.name }));
      ctx.echo(`extracted ${messages.length} messages from ${found.length} templates into ${target}`);
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
    ({ locale, input }, ctx) => {
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
      const pot = readFileSync(source, 'utf8');
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(
        target,
        pot.replace('"MIME-Version: 1.0\\n"', `"Language: ${locale}\\n"\n"MIME-Version: 1.0\\n"`),
      );
      ctx.echo(`creating catalog ${target} based on ${source}`);
    },
  );

  group.command(
    'compile',
    { description: 'Compile every <locale>/LC_MESSAGES/<domain>.po into the .mo catalog Babel reads.' },
    async (_params, ctx) => {
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
