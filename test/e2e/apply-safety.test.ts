import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, runCli } from '../support/run-cli.js';

const BEFORE = path.join(ROOT, 'test/fixtures/specs/northwind-before.json');
const AFTER = path.join(ROOT, 'test/fixtures/specs/northwind-after.json');

function tenantDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'vf-safety-'));
  expect(runCli(['sim', 'init', '--users-from', AFTER], { cwd: dir }).code).toBe(0);
  return dir;
}

/** Starts a slow apply in the background; resolves once its journal shows a step under way. */
function slowApply(
  dir: string,
  latencyMs = 150,
): { child: ReturnType<typeof spawn>; done: Promise<{ code: number | null; stderr: string }> } {
  const child = spawn(process.execPath, [BIN, 'apply', BEFORE, '--auto-approve'], {
    cwd: dir,
    env: { ...process.env, VOICEFORM_SIM_FAULTS: `latency-ms=${latencyMs}` },
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const done = new Promise<{ code: number | null; stderr: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, stderr })),
  );
  return { child, done };
}

async function waitForJournal(dir: string): Promise<string> {
  for (let i = 0; i < 200; i++) {
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
      if (f && readFileSync(path.join(root, t, f), 'utf8').includes('"type":"outcome"')) return path.join(root, t, f);
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
    // Slow enough that the first apply still holds the lock when the second has started, on a busy machine too.
    const first = slowApply(dir, 600);
    await waitForJournal(dir);
    const second = runCli(['apply', BEFORE, '--auto-approve'], { cwd: dir });
    expect(second.code).toBe(4);
    expect(second.stderr).toMatch(new RegExp(`locked by pid ${first.child.pid} on .* since \\d{4}-`));
    expect((await first.done).code).toBe(0);
  });

  it('Ctrl-C finishes the current step, closes the journal and exits 130; resume then finishes', async () => {
    const dir = tenantDir();
    const run = slowApply(dir);
    const journal = await waitForJournal(dir);
    run.child.kill('SIGINT');
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
