import type { Backend } from '../fixtures.ts';
export function apiSuite(_backend: Backend): void {}
