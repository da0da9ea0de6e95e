// The source of a fixture app with custom commands, for subprocess and in-process tests alike.
import { pathToFileURL } from 'node:url';

const src = (path: string): string =>
  pathToFileURL(new URL(`../../../src/${path}`, import.meta.url).pathname).href;

/** An `app.ts` registering commands on `app.cli` (created here when Flagon does not have it yet). */
export const COMMAND_APP = `
import { Blueprint, currentApp, Flagon, g } from 'flagon';
import { AppGroup } from '${src('app/app-group.ts')}';
import { CommandError } from '${src('app/app-group.ts')}';
import { echo } from '${src('cli/command-context.ts')}';
import { shellContextProcessor } from '${src('cli/shell-context.ts')}';

export const app = new Flagon(import.meta.url);
const cli = app.cli ?? (app.cli = new AppGroup(app.name));

cli.command(
  'greet',
  {
    description: 'Greet someone.\\nSays hello, loudly or not.',
    arguments: ['name', 'titles...'],
    options: {
      shout: { type: 'boolean', short: 's', description: 'Shout it.' },
      times: { type: 'number', default: 1 },
      lang: { choices: ['en', 'fr'], default: 'en' },
      tag: { type: 'strings' },
    },
  },
  ({ name, titles, shout, times, lang, tag }, ctx) => {
    const word = lang === 'fr' ? 'Bonjour' : 'Hello';
    for (let i = 0; i < times; i++) {
      const text = [word, ...titles, name].join(' ');
      ctx.echo(shout ? text.toUpperCase() : text);
    }
    if (tag.length) ctx.echo('tags: ' + tag.join(','));
  },
);
cli.command('whoami', { description: 'Print the current app.' }, () => {
  g.who = currentApp.name;
  echo('app=' + g.who);
});
cli.command('env', { options: { key: { required: true } } }, ({ key }, ctx) => ctx.echo(key + '=' + process.env[key]));
cli.command('refuse', {}, () => {
  throw new CommandError('The database is not empty; pass --force.');
});
cli.command('crash', {}, () => {
  throw new Error('unexpected crash');
});
cli.command('quit', {}, (_params, ctx) => ctx.exit(3));
cli.command('upper', {}, async (_params, ctx) => ctx.echo((await ctx.readInput()).trim().toUpperCase()));
cli.command('no-context', { withAppContext: false }, async (_params, ctx) => {
  const { hasAppContext } = await import('flagon');
  ctx.echo('context=' + hasAppContext());
});
const db = cli.group('db', { description: 'Database commands.' });
db.command('init', { description: 'Create the tables.', options: { drop: { type: 'boolean' } } }, ({ drop }, ctx) =>
  ctx.echo('init drop=' + drop),
);

const admin = new Blueprint('admin', import.meta.url);
admin.cli.command('promote', { arguments: ['user'] }, ({ user }, ctx) => ctx.echo('promoted ' + user));
app.registerBlueprint(admin);

shellContextProcessor(app, () => ({ answer: 42 }));
`;
