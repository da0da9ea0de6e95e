// Reads a Dockerfile and carries out its build steps in folders, as `docker build` would in layers: each stage
// gets a folder that stands for its root file system, WORKDIR and absolute paths are mapped into it, COPY
// copies from the build context or an earlier stage, RUN runs through `sh -c` with the stage's ENV, and the
// final stage's USER, EXPOSE, HEALTHCHECK and CMD are kept for the test to run. No Docker daemon is needed,
// so the file is checked on every machine; what this cannot reproduce (the base image's own files, file
// ownership for users this machine lacks) the test says.

import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { basename, dirname, join, posix } from 'node:path';

/** One instruction, continuation lines joined. `flags` are the `--name=value` options before the arguments. */
export interface Instruction {
  readonly op: string;
  readonly flags: ReadonlyMap<string, string>;
  readonly args: string;
  readonly line: number;
}

export interface Stage {
  readonly image: string;
  readonly name: string | null;
  readonly instructions: readonly Instruction[];
}

/** Splits a Dockerfile into stages of instructions (comments and blank lines dropped, `\` lines joined). */
export function parseDockerfile(text: string): Stage[] {
  const stages: { image: string; name: string | null; instructions: Instruction[] }[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let line = lines[i] ?? '';
    if (/^\s*(#|$)/.test(line)) continue;
    while (/\\\s*$/.test(line) && i + 1 < lines.length) {
      i++;
      const next = lines[i] ?? '';
      if (/^\s*#/.test(next)) continue;
      line = `${line.replace(/\\\s*$/, '')} ${next.trim()}`;
    }
    const match = /^\s*([A-Za-z]+)\s+(.*)$/.exec(line);
    if (!match) throw new Error(`Dockerfile line ${start + 1} is not an instruction: ${line}`);
    const op = (match[1] as string).toUpperCase();
    let rest = (match[2] as string).trim();
    const flags = new Map<string, string>();
    for (let flag = /^--([\w-]+)=(\S+)\s+/.exec(rest); flag; flag = /^--([\w-]+)=(\S+)\s+/.exec(rest)) {
      flags.set(flag[1] as string, flag[2] as string);
      rest = rest.slice(flag[0].length);
    }
    if (op === 'FROM') {
      const from = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(rest);
      if (!from) throw new Error(`Dockerfile line ${start + 1}: FROM ${rest}`);
      stages.push({ image: from[1] as string, name: from[2] ?? null, instructions: [] });
      continue;
    }
    const stage = stages.at(-1);
    if (!stage) throw new Error(`Dockerfile line ${start + 1}: ${op} before any FROM`);
    stage.instructions.push({ op, flags, args: rest, line: start + 1 });
  }
  return stages;
}

/** The words of an exec-form (`["a", "b"]`) or shell-form argument, shell form as `sh -c`. */
export function commandOf(args: string): string[] {
  const text = args.trim();
  if (text.startsWith('[')) return JSON.parse(text) as string[];
  return ['/bin/sh', '-c', text];
}

/** `KEY=value KEY2="value 2"` (ENV's modern form), with `$VAR`/`${VAR}` expanded from `env`. */
function parseEnv(args: string, env: Record<string, string>): [string, string][] {
  const pairs: [string, string][] = [];
  const pattern = /([A-Za-z_][A-Za-z0-9_]*)=("(?:[^"\\]|\\.)*"|\S*)/g;
  for (const match of args.matchAll(pattern)) {
    let value = match[2] as string;
    if (value.startsWith('"')) value = JSON.parse(value) as string;
    value = value.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (_all, name: string) => env[name] ?? '');
    pairs.push([match[1] as string, value]);
  }
  if (pairs.length === 0) throw new Error(`ENV ${args}: only the KEY=value form is read`);
  return pairs;
}

/** What the final stage leaves for `docker run`. */
export interface BuiltImage {
  /** The folder standing for the image's root file system. */
  readonly root: string;
  /** The image's WORKDIR, inside `root`. */
  readonly workdir: string;
  /** The image's environment, its absolute paths mapped into `root` (PATH first entries included). */
  readonly env: Record<string, string>;
  readonly user: string | null;
  readonly exposed: readonly string[];
  readonly cmd: readonly string[];
  readonly healthcheck: {
    readonly flags: ReadonlyMap<string, string>;
    readonly cmd: readonly string[];
  } | null;
  /** Paths (inside `root`) that a `COPY --chown` gave to a user, with that user. */
  readonly chowned: readonly { readonly path: string; readonly owner: string }[];
  /** Each RUN's command, output and exit status, in order, for failure messages. */
  readonly log: readonly string[];
}

export interface BuildOptions {
  /** The build context, already filtered through .dockerignore. */
  readonly context: string;
  /** An empty folder: one subfolder per stage is made inside. */
  readonly into: string;
  /** The base image's environment (`node:24-slim` has Node 24 on PATH: give this test's PATH). */
  readonly baseEnv: Record<string, string>;
}

/**
 * Builds the stages in order. Images named in FROM are not pulled: the base environment stands for them.
 *
 * @throws Error when a RUN fails or an instruction is not one this reader carries out.
 */
export function buildStages(stages: readonly Stage[], options: BuildOptions): BuiltImage {
  const roots = new Map<string, string>();
  const log: string[] = [];
  let image: BuiltImage | null = null;
  stages.forEach((stage, index) => {
    const root = join(options.into, stage.name ?? `stage-${index}`);
    mkdirSync(root, { recursive: true });
    // docker run users other than root must be able to walk to their files.
    chmodSync(root, 0o755);
    const inRoot = (path: string): string => join(root, path);
    let workdir = '/';
    let user: string | null = null;
    const env: Record<string, string> = { ...options.baseEnv };
    const exposed: string[] = [];
    let cmd: string[] = [];
    let healthcheck: BuiltImage['healthcheck'] = null;
    const chowned: { path: string; owner: string }[] = [];
    const imagePath = (path: string): string => posix.resolve(workdir, path);
    for (const instruction of stage.instructions) {
      switch (instruction.op) {
        case 'WORKDIR':
          workdir = imagePath(instruction.args);
          mkdirSync(inRoot(workdir), { recursive: true, mode: 0o755 });
          break;
        case 'ENV':
          for (const [key, value] of parseEnv(instruction.args, env)) {
            // Absolute image paths in PATH point into this stage's folder.
            env[key] =
              key === 'PATH'
                ? value
                    .split(':')
                    .map((entry) =>
                      entry.startsWith('/') && entry.startsWith(workdir) ? inRoot(entry) : entry,
                    )
                    .join(':')
                : value;
          }
          break;
        case 'COPY': {
          const words = instruction.args.split(/\s+/);
          const dest = words.pop() as string;
          const from = instruction.flags.get('from');
          const fromRoot = from === undefined ? options.context : roots.get(from);
          if (fromRoot === undefined) throw new Error(`COPY --from=${from}: no earlier stage has that name`);
          for (const source of words) {
            const sourcePath = join(fromRoot, from === undefined ? source : posix.resolve('/', source));
            if (!existsSync(sourcePath))
              throw new Error(`COPY ${source} (line ${instruction.line}): ${sourcePath} does not exist`);
            let target = inRoot(imagePath(dest));
            if (statSync(sourcePath).isFile() && dest.endsWith('/')) target = join(target, basename(source));
            mkdirSync(statSync(sourcePath).isFile() ? dirname(target) : target, { recursive: true });
            cpSync(sourcePath, target, { recursive: true, verbatimSymlinks: true });
            const owner = instruction.flags.get('chown');
            if (owner !== undefined) chowned.push({ path: target, owner });
          }
          break;
        }
        case 'RUN': {
          const [command, ...args] = commandOf(instruction.args) as [string, ...string[]];
          const result = spawnSync(command, args, {
            cwd: inRoot(workdir),
            env,
            encoding: 'utf8',
            timeout: 600_000,
          });
          log.push(`RUN ${instruction.args}\n${result.stdout}${result.stderr}(exit ${result.status})`);
          if (result.status !== 0)
            throw new Error(`RUN at line ${instruction.line} failed (${result.status}):\n${log.at(-1)}`);
          break;
        }
        case 'USER':
          user = instruction.args;
          break;
        case 'EXPOSE':
          exposed.push(...instruction.args.split(/\s+/));
          break;
        case 'HEALTHCHECK': {
          const match = /^CMD\s+(.*)$/.exec(instruction.args);
          if (!match)
            throw new Error(`HEALTHCHECK ${instruction.args}: expected HEALTHCHECK [options] CMD …`);
          healthcheck = { flags: instruction.flags, cmd: commandOf(match[1] as string) };
          break;
        }
        case 'CMD':
          cmd = commandOf(instruction.args);
          break;
        default:
          throw new Error(
            `Dockerfile line ${instruction.line}: ${instruction.op} is not carried out by this test`,
          );
      }
    }
    if (stage.name !== null) roots.set(stage.name, root);
    image = { root, workdir: inRoot(workdir), env, user, exposed, cmd, healthcheck, chowned, log };
  });
  if (image === null) throw new Error('The Dockerfile has no stage');
  return image;
}
