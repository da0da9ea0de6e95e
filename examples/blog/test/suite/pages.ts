import type { Backend } from '../fixtures.ts';
export function pagesSuite(_backend: Backend): void {}
