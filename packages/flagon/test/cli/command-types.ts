// Type-level promises of AppGroup.command, checked by `tsc` (this file is not run).
import { AppGroup } from '../../src/app/app-group.ts';

new AppGroup('types').command(
  'typed',
  {
    arguments: ['name', 'nickname?', 'rest...'],
    options: {
      count: { type: 'number' },
      level: { type: 'number', default: 1 },
      force: { type: 'boolean' },
      tag: { type: 'strings' },
      mode: { choices: ['a', 'b'], required: true },
      note: {},
    },
  },
  (params, ctx) => {
    const name: string = params.name;
    const nickname: string | undefined = params.nickname;
    const rest: string[] = params.rest;
    const count: number | undefined = params.count;
    const level: number = params.level;
    const force: boolean = params.force;
    const tags: string[] = params.tag;
    const mode: string = params.mode;
    const note: string | undefined = params.note;
    // @ts-expect-error an optional option may be undefined
    const strictCount: number = params.count;
    // @ts-expect-error an optional argument may be undefined
    const strictNickname: string = params.nickname;
    // @ts-expect-error a string option is not a number
    const wrong: number | undefined = params.note;
    // @ts-expect-error no such option
    params.missing;
    ctx.echo([
      name,
      nickname,
      rest,
      count,
      level,
      force,
      tags,
      mode,
      note,
      strictCount,
      strictNickname,
      wrong,
    ]);
  },
);
