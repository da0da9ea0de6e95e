// The registry mirror this project is built against serves only Linux builds of Biome, so `npm install`
// leaves the other platforms' optional packages out of package-lock.json, and `npm ci` then refuses the lock.
// This adds those optional, platform-specific entries back (npm skips them on other platforms without
// downloading anything). Run after `npm install` changes the lock: node .ci/complete-lockfile.mjs
import { readFileSync, writeFileSync } from 'node:fs';

const path = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8'));
const packages = lock.packages;
let added = 0;
for (const entry of Object.values({ ...packages })) {
  const optional = entry.optionalDependencies ?? {};
  for (const [name, version] of Object.entries(optional)) {
    const target = `node_modules/${name}`;
    if (packages[target]) continue;
    const match = /cli-(android|darwin|linux|win32)-(arm64|x64)(-musl)?$/.exec(name);
    if (!match) continue;
    packages[target] = {
      version,
      cpu: [match[2]],
      dev: entry.dev ?? undefined,
      ...(match[3] ? { libc: ['musl'] } : {}),
      optional: true,
      os: [match[1]],
    };
    added++;
  }
}
lock.packages = Object.fromEntries(
  Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : a > b ? 1 : 0)),
);
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`complete-lockfile: added ${added} optional platform entries`);
