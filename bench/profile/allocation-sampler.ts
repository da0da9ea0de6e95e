// Preloaded into a server by http-allocations.ts: the first SIGUSR2 starts V8's sampling heap profiler,
// keeping samples of objects that were collected since (garbage is what is being looked for); the second
// writes the profile to $ALLOCATION_PROFILE and exits.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

const session = new Session();
session.connect();
let sampling = false;
process.on('SIGUSR2', async () => {
  if (!sampling) {
    sampling = true;
    await session.post('HeapProfiler.startSampling', {
      samplingInterval: 256,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
    process.stdout.write('sampling\n');
    return;
  }
  const { profile } = await session.post('HeapProfiler.stopSampling');
  writeFileSync(process.env.ALLOCATION_PROFILE as string, JSON.stringify(profile));
  process.exit(0);
});
