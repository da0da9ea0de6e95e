// Public API of this package: named re-exports only.
export {};
