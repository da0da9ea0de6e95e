import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CommandError, type Flagon } from 'flagon';
import type { Kysely } from 'kysely';
import {
  type Migration,
  type MigrationProvider,
  type MigrationResultSet,
  Migrator,
  NO_MIGRATIONS,
} from 'kysely/migration';
import type { SQLState } from './state.ts';

const MIGRATION_FILE = /^(?!.*\.d\.ts$).+\.(ts|mts|js|mjs)$/;
const TABLE = 'kysely_migration';

/** Reads a folder of migration modules (each exporting `up` and optionally `down`), sorted by file name. */
export class FolderMigrationProvider implements MigrationProvider {
  readonly folder: string;

  constructor(folder: string) {
    this.folder = folder;
  }

  async getMigrations(): Promise<Record<string, Migration>> {
    if (!existsSync(this.folder)) {
      throw new CommandError(`No migrations folder at ${this.folder}: run \`flagon db init\` first.`);
    }
    const migrations: Record<string, Migration> = {};
    for (const file of readdirSync(this.folder).sort()) {
      if (!MIGRATION_FILE.test(file)) continue;
      const module = (await import(pathToFileURL(join(this.folder, file)).href)) as Partial<Migration>;
      if (typeof module.up !== 'function') {
        throw new CommandError(`The migration ${file} exports no up(db) function.`);
      }
      migrations[file.replace(/\.(ts|mts|js|mjs)$/, '')] = module as Migration;
    }
    return migrations;
  }
}

/** The migrator for a folder: Kysely's, which holds a lock (an advisory lock on PostgreSQL) while it migrates. */
export function createMigrator(kysely: Kysely<unknown>, folder: string): Migrator {
  return new Migrator({ db: kysely, provider: new FolderMigrationProvider(folder) });
}

function report(result: MigrationResultSet, echo: (text: string) => void): void {
  for (const step of result.results ?? []) {
    if (step.status === 'Success')
      echo(`${step.direction === 'Up' ? 'Upgraded to' : 'Downgraded from'} ${step.migrationName}`);
    else if (step.status === 'Error') echo(`Failed: ${step.migrationName} (${step.direction})`);
  }
  if (result.error !== undefined) {
    const error = result.error as Error;
    throw new CommandError(`Migration failed: ${error.message ?? String(error)}`, { cause: error });
  }
  if ((result.results ?? []).length === 0) echo('Nothing to do: the database is already there.');
}

function timestamp(date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return (
    `${date.getUTCFullYear()}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}` +
    `${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}`
  );
}

function slug(message: string): string {
  return (
    message
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 60) || 'revision'
  );
}

function template(message: string): string {
  return `import type { Kysely } from '@flagon/sql';

// ${message.replaceAll('\n', ' ')}

// Migrations see the database as it was when they were written, so they do not use the app's table types.
// biome-ignore lint/suspicious/noExplicitAny: see above.
export async function up(db: Kysely<any>): Promise<void> {
  // await db.schema.createTable('example').addColumn('id', 'integer', (col) => col.primaryKey()).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see above.
export async function down(db: Kysely<any>): Promise<void> {
  // await db.schema.dropTable('example').execute();
}
`;
}

/** Migration names in order, and the ones applied (from the migrator's table). */
async function status(migrator: Migrator): Promise<{ names: string[]; applied: Set<string> }> {
  const infos = await migrator.getMigrations();
  return {
    names: infos.map((info) => info.name),
    applied: new Set(infos.filter((info) => info.executedAt !== undefined).map((info) => info.name)),
  };
}

function resolveTarget(names: string[], target: string): string {
  if (names.includes(target)) return target;
  const matches = names.filter((name) => name.startsWith(target));
  if (matches.length === 1) return matches[0] as string;
  throw new CommandError(
    matches.length === 0
      ? `No migration named ${JSON.stringify(target)}: see \`flagon db history\`.`
      : `${JSON.stringify(target)} matches several migrations: ${matches.join(', ')}.`,
  );
}

/** Registers `flagon db init | revision | upgrade | downgrade | current | history | stamp` (Flask-Migrate's names). */
export function registerDbCommands(app: Flagon, state: SQLState): void {
  const db = app.cli.group('db', { description: 'Database migrations (Flask-Migrate).' });
  const folder = state.migrationsFolder;
  const migrator = (): Migrator => createMigrator(state.engine.kysely as Kysely<unknown>, folder);

  db.command('init', { description: 'Create the migrations folder.' }, (_params, ctx) => {
    if (existsSync(folder) && readdirSync(folder).length > 0) {
      throw new CommandError(`The migrations folder ${folder} already exists and is not empty.`);
    }
    mkdirSync(folder, { recursive: true });
    ctx.echo(`Created the migrations folder ${relative(process.cwd(), folder) || folder}.`);
    ctx.echo('Next: flagon db revision -m "create tables", fill in up() and down(), then flagon db upgrade.');
  });

  db.command(
    'revision',
    {
      description: 'Create a new, empty migration file named after the time and the message.',
      options: { message: { short: 'm', description: 'What the migration does.', default: 'revision' } },
    },
    ({ message }, ctx) => {
      if (!existsSync(folder))
        throw new CommandError(`No migrations folder at ${folder}: run \`flagon db init\` first.`);
      const existing = readdirSync(folder)
        .filter((file) => MIGRATION_FILE.test(file))
        .sort();
      // Names sort by their timestamp: two revisions in the same second still come out in order.
      let stamp = timestamp(new Date());
      const lastStamp = /^(\d{14})_/.exec(existing.at(-1) ?? '')?.[1];
      if (lastStamp !== undefined && lastStamp >= stamp) stamp = String(BigInt(lastStamp) + 1n);
      const file = join(folder, `${stamp}_${slug(message)}.ts`);
      writeFileSync(file, template(message), { flag: 'wx' });
      ctx.echo(`Created ${relative(process.cwd(), file) || file}`);
    },
  );

  db.command(
    'upgrade',
    {
      description: 'Apply migrations up to a target: head (default), +N, or a migration name.',
      arguments: ['target?'],
    },
    async ({ target }, ctx) => {
      const m = migrator();
      const goal = target ?? 'head';
      if (goal === 'head') return report(await m.migrateToLatest(), ctx.echo);
      const steps = /^\+(\d+)$/.exec(goal);
      if (steps !== null) {
        for (let i = 0; i < Number(steps[1]); i++) report(await m.migrateUp(), ctx.echo);
        return;
      }
      const { names } = await status(m);
      return report(await m.migrateTo(resolveTarget(names, goal)), ctx.echo);
    },
  );

  db.command(
    'downgrade',
    {
      description: 'Revert migrations down to a target: -1 (default), -N, base (all), or a migration name.',
      arguments: ['target?'],
    },
    async ({ target }, ctx) => {
      const m = migrator();
      const goal = target ?? '-1';
      const steps = /^-(\d+)$/.exec(goal);
      if (steps !== null) {
        for (let i = 0; i < Number(steps[1]); i++) report(await m.migrateDown(), ctx.echo);
        return;
      }
      if (goal === 'base') return report(await m.migrateTo(NO_MIGRATIONS), ctx.echo);
      const { names } = await status(m);
      return report(await m.migrateTo(resolveTarget(names, goal)), ctx.echo);
    },
  );

  db.command(
    'current',
    { description: 'Show the last migration applied to the database.' },
    async (_params, ctx) => {
      const { names, applied } = await status(migrator());
      const current = names.filter((name) => applied.has(name)).at(-1);
      if (current === undefined) ctx.echo('(base): no migration applied');
      else ctx.echo(`${current}${current === names.at(-1) ? ' (head)' : ''}`);
    },
  );

  db.command(
    'history',
    { description: 'List the migrations in order, marking those applied.' },
    async (_params, ctx) => {
      const { names, applied } = await status(migrator());
      if (names.length === 0) ctx.echo('No migrations yet: flagon db revision -m "message".');
      const current = names.filter((name) => applied.has(name)).at(-1);
      for (const name of names) {
        const marks = [name === current ? 'current' : '', name === names.at(-1) ? 'head' : ''].filter(
          Boolean,
        );
        ctx.echo(
          `[${applied.has(name) ? 'x' : ' '}] ${name}${marks.length > 0 ? ` (${marks.join(', ')})` : ''}`,
        );
      }
    },
  );

  db.command(
    'stamp',
    {
      description:
        'Mark the database as being at a target (head, base or a name) without running migrations.',
      arguments: ['target'],
    },
    async ({ target }, ctx) => {
      const m = migrator();
      const { names } = await status(m);
      const goal =
        target === 'head' ? names.at(-1) : target === 'base' ? undefined : resolveTarget(names, target);
      const keep = goal === undefined ? [] : names.slice(0, names.indexOf(goal) + 1);
      // biome-ignore lint/suspicious/noExplicitAny: the migrator's own table, outside the app's schema.
      const kysely = state.engine.kysely as Kysely<any>;
      await kysely.schema
        .createTable(TABLE)
        .ifNotExists()
        .addColumn('name', 'varchar(255)', (col) => col.notNull().primaryKey())
        .addColumn('timestamp', 'varchar(255)', (col) => col.notNull())
        .execute();
      await kysely.transaction().execute(async (trx) => {
        await trx.deleteFrom(TABLE).execute();
        const now = new Date().toISOString();
        if (keep.length > 0)
          await trx
            .insertInto(TABLE)
            .values(keep.map((name) => ({ name, timestamp: now })))
            .execute();
      });
      ctx.echo(goal === undefined ? 'Stamped the database at base.' : `Stamped the database at ${goal}.`);
    },
  );
}
