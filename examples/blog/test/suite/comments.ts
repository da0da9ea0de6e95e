import type { Backend } from '../fixtures.ts';
export function commentsSuite(_backend: Backend): void {}
