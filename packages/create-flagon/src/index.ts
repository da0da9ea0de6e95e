// create-flagon's public API: named re-exports only. The command is bin/create-flagon.js.

export { ScaffoldError } from './errors.ts';
export { type CreateIo, main, processIo } from './main.ts';
export { type ProjectFiles, type ProjectOptions, projectFiles } from './project-files.ts';
export { packageNameFor, type ScaffoldResult, scaffold } from './scaffold.ts';
