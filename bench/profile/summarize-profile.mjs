// Prints the functions with the most self time in a .cpuprofile (from `node --cpu-prof`), as percentages.
// Usage: node bench/profile/summarize-profile.mjs <file.cpuprofile> [rows]
import { readFileSync } from 'node:fs';

const [file, rows = '40'] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const total = profile.timeDeltas.reduce((a, b) => a + b, 0);
const selfTime = new Map();
profile.samples.forEach((id, i) => {
  const { functionName, url, lineNumber } = nodes.get(id).callFrame;
  const key = `${functionName || '(anonymous)'} ${url.split('/').slice(-2).join('/')}:${lineNumber + 1}`;
  selfTime.set(key, (selfTime.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
for (const [key, time] of [...selfTime].sort((a, b) => b[1] - a[1]).slice(0, Number(rows))) {
  console.log(`${((time / total) * 100).toFixed(1).padStart(5)}%  ${key}`);
}
