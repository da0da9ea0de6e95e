// Type-level promise, checked by `npm run typecheck`: the compiler can name only members of the Runtime.
import { RT } from '../../src/compiler/runtime-names.ts';

export const escape: 'rt.esc' = RT.esc;
// @ts-expect-error a misspelt runtime helper fails when the engine is type-checked
export const typo = RT.esc_html;
