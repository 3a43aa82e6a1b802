// Apply of a generated spec on the embedded simulated tenant (a file), through the built CLI, as
// a user runs it: prints {"users", "changes", "applyMs"} as JSON.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSpec } from './generate-spec.mjs';

const users = Number(process.argv[2] ?? 10000);
const bin = fileURLToPath(new URL('../bin/voiceform', import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), 'vf-bench-apply-'));
writeFileSync(path.join(dir, 'spec.json'), JSON.stringify(generateSpec(users)));
const cli = (args) =>
  execFileSync(process.execPath, [bin, ...args], {
    cwd: dir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 1 << 30,
  });
cli(['sim', 'init', '--users-from', 'spec.json']);
const changes = JSON.parse(cli(['plan', 'spec.json', '--format', 'json'])).changes.length;
const t0 = Date.now();
cli(['apply', 'spec.json', '--auto-approve']);
console.log(JSON.stringify({ users, changes, applyMs: Date.now() - t0 }));
