// Its own module so that migrations.ts (imported by sql.ts) can read it without importing sql.ts back.
import type { Engine } from './engine.ts';

/** Per-app state, kept in `app.extensions.get('sql')`. */
export interface SQLState {
  readonly owner: object;
  readonly engine: Engine<unknown>;
  readonly migrationsFolder: string;
}
