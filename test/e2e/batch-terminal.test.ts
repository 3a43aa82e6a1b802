/**
 * #14: a batch watched on a terminal (a real pseudo-terminal from util-linux `script`) shows a
 * fleet counter and one live line per running tenant with its current step; without a terminal,
 * plain lines only.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, runCli } from '../support/run-cli.js';

const SMALL = path.join(ROOT, 'samples/small-business.json');

function fleet(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'vf-batch-tty-'));
  mkdirSync(path.join(dir, 'tenants'));
  copyFileSync(SMALL, path.join(dir, 'small.json'));
  expect(
    runCli(['sim', 'init', '--tenant', 'sim:tenants/a.json', '--users-from', 'small.json'], { cwd: dir }).code,
  ).toBe(0);
  copyFileSync(path.join(dir, 'tenants/a.json'), path.join(dir, 'tenants/b.json'));
  writeFileSync(
    path.join(dir, 'fleet.json'),
    JSON.stringify({
      apiVersion: 'voiceform/v1',
      kind: 'Fleet',
      tenants: [
        { name: 'alpha', spec: 'small.json', tenant: 'sim:tenants/a.json' },
        { name: 'bravo', spec: 'small.json', tenant: 'sim:tenants/b.json' },
      ],
    }),
  );
  return dir;
}

// eslint-disable-next-line no-control-regex
const plain = (s: string) => s.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '\n');

describe('batch progress', () => {
  it('on a terminal: the fleet counter and a live line per running tenant with its current step', () => {
    const dir = fleet();
    const command = `stty cols 200; ${process.execPath} ${BIN} batch apply fleet.json --auto-approve --report-dir r`;
    const r = spawnSync('script', ['-qefc', command, '/dev/null'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, VOICEFORM_SIM_FAULTS: 'latency-ms=60', COLUMNS: '160' },
      timeout: 120_000,
    });
    expect(r.status).toBe(0);
    const out = plain(r.stdout);
    expect(out).toMatch(/fleet \[.*\] 0\/2 tenants · 0 ok · 0 with changes · 0 failed/);
    expect(out).toMatch(/fleet \[.*\] 2\/2 tenants · 2 ok · 0 with changes · 0 failed/);
    // A running tenant's line shows the step it is on.
    expect(out).toMatch(/ {2}alpha: apply \[\d+\/\d+\] create \S+: done/);
    expect(out).toMatch(/ {2}bravo: apply \[\d+\/\d+\] create \S+: done/);
    expect(out).toMatch(/^alpha: ok \(\d+ to add, 0 to change, 0 to destroy\) in [\d.]+ s$/m);
  }, 180_000);

  it('without a terminal: one plain line per finished tenant, no bars', () => {
    const dir = fleet();
    const r = runCli(['batch', 'plan', 'fleet.json', '--report-dir', 'r'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /^\[1\/2\] (alpha|bravo): changes \(\d+ to add, 0 to change, 0 to destroy\) in [\d.]+ s$/m,
    );
    expect(r.stderr).toMatch(/^\[2\/2\] /m);
    expect(r.stderr).not.toMatch(/fleet \[|\u001b\[/);
  }, 120_000);
});
