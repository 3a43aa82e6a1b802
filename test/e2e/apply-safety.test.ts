import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, runCli, waitFor } from '../support/run-cli.js';

const BEFORE = path.join(ROOT, 'test/fixtures/specs/northwind-before.json');
const AFTER = path.join(ROOT, 'test/fixtures/specs/northwind-after.json');

function tenantDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'vf-safety-'));
  expect(runCli(['sim', 'init', '--users-from', AFTER], { cwd: dir }).code).toBe(0);
  return dir;
}

/**
 * Starts an apply in the background that is held after its first write for as long as `hold`
 * exists: the test decides when it goes on, whatever the machine's speed.
 */
function heldApply(
  dir: string,
  hold: string,
): { child: ReturnType<typeof spawn>; done: Promise<{ code: number | null; stderr: string }>; stderr: () => string } {
  writeFileSync(hold, '');
  const child = spawn(process.execPath, [BIN, 'apply', BEFORE, '--auto-approve'], {
    cwd: dir,
    env: { ...process.env, VOICEFORM_SIM_FAULTS: `hold-file=${hold},hold-after=1` },
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const done = new Promise<{ code: number | null; stderr: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, stderr })),
  );
  return { child, done, stderr: () => stderr };
}

/** The apply journal once a step of it is under way (polled; the deadline only guards against a hang). */
async function waitForJournal(dir: string): Promise<string> {
  for (const until = Date.now() + 120_000; Date.now() < until;) {
    const root = path.join(dir, '.voiceform/journals');
    const tenants = (() => {
      try {
        return readdirSync(root);
      } catch {
        return [];
      }
    })();
    for (const t of tenants) {
      const files = readdirSync(path.join(root, t));
      const f = files.find((n) => n.includes('-apply-'));
      if (f && readFileSync(path.join(root, t, f), 'utf8').includes('"type":"intent"')) return path.join(root, t, f);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('no journal appeared');
}

describe('apply safety (built CLI)', () => {
  it('refuses without a TTY and without --auto-approve (exit 4), changing nothing', () => {
    const dir = tenantDir();
    const r = runCli(['apply', BEFORE], { cwd: dir });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/no terminal to ask on/);
    expect(runCli(['plan', BEFORE, '--detailed-exitcode'], { cwd: dir }).code).toBe(2);
  });

  it('refuses a saved plan whose tenant state, spec or format moved on, naming which (exit 4)', () => {
    const dir = tenantDir();
    const spec = path.join(dir, 'spec.json');
    writeFileSync(spec, readFileSync(BEFORE));
    expect(runCli(['plan', spec, '--out', 'plan.json'], { cwd: dir }).code).toBe(0);
    const plan = JSON.parse(readFileSync(path.join(dir, 'plan.json'), 'utf8'));
    writeFileSync(path.join(dir, 'old-format.json'), JSON.stringify({ ...plan, formatVersion: 99 }));
    expect(runCli(['apply', 'old-format.json', '--auto-approve'], { cwd: dir }).stderr).toMatch(/format version 99/);
    writeFileSync(spec, readFileSync(BEFORE, 'utf8').replace('"R-Old"', '"R-Older"'));
    const edited = runCli(['apply', 'plan.json', '--auto-approve'], { cwd: dir });
    expect(edited.code).toBe(4);
    expect(edited.stderr).toMatch(/spec hash no longer matches/);
    writeFileSync(spec, readFileSync(BEFORE));
    expect(runCli(['apply', AFTER, '--auto-approve'], { cwd: dir }).code).toBe(0);
    const stale = runCli(['apply', 'plan.json', '--auto-approve'], { cwd: dir });
    expect(stale.code).toBe(4);
    expect(stale.stderr).toMatch(/state fingerprint no longer matches/);
  });

  it('applies a saved plan that is still fresh', () => {
    const dir = tenantDir();
    expect(runCli(['plan', BEFORE, '--out', 'plan.json'], { cwd: dir }).code).toBe(0);
    expect(runCli(['apply', 'plan.json', '--auto-approve'], { cwd: dir }).code).toBe(0);
    expect(runCli(['plan', BEFORE, '--detailed-exitcode'], { cwd: dir }).code).toBe(0);
  });

  it('a second apply while one runs gets exit 4 naming the holder', async () => {
    const dir = tenantDir();
    // Held after its first write until the second has been refused, on a busy machine too.
    const hold = path.join(dir, 'hold');
    const first = heldApply(dir, hold);
    await waitForJournal(dir);
    const second = runCli(['apply', BEFORE, '--auto-approve'], { cwd: dir });
    rmSync(hold);
    expect(second.code).toBe(4);
    expect(second.stderr).toMatch(new RegExp(`locked by pid ${first.child.pid} on .* since \\d{4}-`));
    expect((await first.done).code).toBe(0);
  });

  it('Ctrl-C finishes the current step, closes the journal and exits 130; resume then finishes', async () => {
    const dir = tenantDir();
    const hold = path.join(dir, 'hold');
    const run = heldApply(dir, hold);
    const journal = await waitForJournal(dir);
    run.child.kill('SIGINT');
    // Let the held step finish once the apply has taken the interrupt in.
    await waitFor(() => run.stderr().includes('Interrupted: finishing the current step'));
    rmSync(hold);
    const { code, stderr } = await run.done;
    expect(code).toBe(130);
    expect(stderr).toMatch(/voiceform resume/);
    const lines = readFileSync(journal, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.at(-1)).toMatchObject({ type: 'end', status: 'interrupted' });
    expect(lines.filter((l) => l.type === 'intent').length).toBe(lines.filter((l) => l.type === 'outcome').length);
    expect(runCli(['resume', '--auto-approve'], { cwd: dir }).code).toBe(0);
    expect(runCli(['plan', BEFORE, '--detailed-exitcode'], { cwd: dir }).code).toBe(0);
  });
});
