// Start-up figures (#21): the median of 10 fresh processes each, in one run so the ratios compare:
// bare `node -e 0`, `voiceform --version`, and `voiceform validate samples/small-business.json`.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const here = (f) => fileURLToPath(new URL(f, import.meta.url));
const cli = here('../bin/voiceform');
const sample = here('../samples/small-business.json');

function medianMs(args) {
  const times = [];
  for (let i = 0; i < 10; i++) {
    const start = process.hrtime.bigint();
    execFileSync(process.execPath, args, { stdio: 'ignore' });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return Math.round((times[4] + times[5]) / 2);
}

// Interleaved rounds would be fairer on a busy machine; one warm-up each keeps the disk cache out.
for (const args of [
  ['-e', '0'],
  [cli, '--version'],
  [cli, 'validate', sample],
])
  execFileSync(process.execPath, args, { stdio: 'ignore' });
const nodeMs = medianMs(['-e', '0']);
const startMs = medianMs([cli, '--version']);
const validateMsSmall = medianMs([cli, 'validate', sample]);
console.log(JSON.stringify({ nodeMs, startMs, validateMsSmall }));
