/**
 * #12 §1: Voiceform never overwrites a change it did not make — not while applying (an admin edits
 * an object the plan will update), not when rolling back (another engineer applied since), and two
 * Voiceform homes cannot apply to one simulated tenant at once.
 */
import { mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { background, ROOT, runCli, waitFor } from '../support/run-cli.js';

const BEFORE = path.join(ROOT, 'test/fixtures/specs/northwind-before.json');
const AFTER = path.join(ROOT, 'test/fixtures/specs/northwind-after.json');

interface Route {
  name: string;
  description: string;
  numberPattern: string;
}

function setup(): { dir: string; tenant: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'vf-beside-'));
  expect(runCli(['sim', 'init', '--users-from', AFTER], { cwd: dir }).code).toBe(0);
  expect(runCli(['apply', BEFORE, '--auto-approve'], { cwd: dir }).code).toBe(0);
  return { dir, tenant: path.join(dir, '.voiceform/sim-tenant.json') };
}

const routes = (tenant: string): Route[] => JSON.parse(readFileSync(tenant, 'utf8')).voice.voiceRoutes;
const route = (tenant: string, name: string): Route => routes(tenant).find((r) => r.name === name)!;

/** Edits a route in the tenant file the way another tool would: read, change, replace the file. */
function adminEdits(tenant: string, name: string, description: string): void {
  const state = JSON.parse(readFileSync(tenant, 'utf8'));
  state.voice.voiceRoutes.find((r: Route) => r.name === name).description = description;
  writeFileSync(`${tenant}.admin`, JSON.stringify(state));
  renameSync(`${tenant}.admin`, tenant);
}

function journalText(home: string): string {
  const root = path.join(home, 'journals');
  try {
    return readdirSync(root)
      .flatMap((t) => readdirSync(path.join(root, t)).map((f) => readFileSync(path.join(root, t, f), 'utf8')))
      .join('\n');
  } catch {
    return '';
  }
}

describe('people acting beside an apply (built CLI)', () => {
  it('an admin edit made while the apply runs is never overwritten: the step is refused and the rest rolled back (exit 5)', async () => {
    const { dir, tenant } = setup();
    const apply = background(['apply', AFTER, '--auto-approve', '--tenant', `sim:${tenant}`], dir, {
      VOICEFORM_SIM_FAULTS: 'latency-ms=400',
      VOICEFORM_HOME: path.join(dir, 'second'),
    });
    // The route's write is under way (its intent is journalled, the write is being delayed).
    await waitFor(() => /"type":"intent"[^\n]*voiceRoute\[\\"R-Local\\"\]/.test(journalText(path.join(dir, 'second'))));
    adminEdits(tenant, 'R-Local', 'edited by the admin');
    const r = await apply;
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(/voiceRoute\["R-Local"\] changed in the tenant since the plan was made/);
    const local = route(tenant, 'R-Local');
    expect(local.description).toBe('edited by the admin');
    expect(local.numberPattern).toBe('^\\+4420\\d{8}$');
  }, 60_000);

  it('a rollback leaves alone what another engineer (another VOICEFORM_HOME) changed since, and says so (exit 5)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vf-beside-'));
    const tenant = path.join(dir, 'shared-tenant.json');
    const first = { VOICEFORM_HOME: path.join(dir, 'alice') };
    const second = { VOICEFORM_HOME: path.join(dir, 'bob') };
    expect(runCli(['sim', 'init', '--users-from', AFTER, '--tenant', `sim:${tenant}`], { cwd: dir }).code).toBe(0);
    expect(
      runCli(['apply', BEFORE, '--auto-approve', '--tenant', `sim:${tenant}`], { cwd: dir, env: first }).code,
    ).toBe(0);
    // Bob changes one of the routes Alice created.
    const bobSpec = path.join(dir, 'bob.json');
    writeFileSync(
      bobSpec,
      readFileSync(BEFORE, 'utf8').replace(
        '"numberPattern": "^\\\\+4420\\\\d{8}$"',
        '"numberPattern": "^\\\\+4420[2-8]\\\\d{7}$"',
      ),
    );
    expect(readFileSync(bobSpec, 'utf8')).not.toBe(readFileSync(BEFORE, 'utf8'));
    expect(
      runCli(['apply', bobSpec, '--auto-approve', '--tenant', `sim:${tenant}`], { cwd: dir, env: second }).code,
    ).toBe(0);
    const rb = runCli(['rollback', '--auto-approve', '--tenant', `sim:${tenant}`], { cwd: dir, env: first });
    expect(rb.code).toBe(5);
    expect(rb.stderr).toMatch(
      /left alone, changed by someone else since Voiceform wrote them: voiceRoute\["R-Local"\]/,
    );
    expect(route(tenant, 'R-Local').numberPattern).toBe('^\\+4420[2-8]\\d{7}$');
    // What the kept route still uses is kept too, and said; everything else Alice created is gone.
    expect(rb.stderr).toMatch(/pstnUsage\["U-Local"\] \(used by voiceRoute\["R-Local"\]\)/);
    const names = routes(tenant).map((r) => r.name);
    expect(names).toContain('R-Local');
    expect(names).not.toContain('R-National');
    expect(names).not.toContain('R-Old');
  });

  it('two homes cannot apply to one simulated tenant at once: the lock lives beside the tenant file (exit 4)', async () => {
    const { dir, tenant } = setup();
    // Alice's apply is held before its first write, however fast or slow the machine, until the file goes.
    const hold = path.join(dir, 'hold');
    writeFileSync(hold, '');
    const slow = background(['apply', AFTER, '--auto-approve', '--tenant', `sim:${tenant}`], dir, {
      VOICEFORM_SIM_FAULTS: `hold-file=${hold}`,
      VOICEFORM_HOME: path.join(dir, 'alice'),
    });
    await waitFor(() => journalText(path.join(dir, 'alice')).includes('"type":"intent"'));
    const other = runCli(['apply', AFTER, '--auto-approve', '--tenant', `sim:${tenant}`], {
      cwd: dir,
      env: { VOICEFORM_HOME: path.join(dir, 'bob') },
    });
    rmSync(hold);
    expect(other.code).toBe(4);
    expect(other.stderr).toMatch(/is locked by pid \d+/);
    expect((await slow).code).toBe(0);
  }, 180_000);
});

describe('rollback shows what it will do and asks (built CLI)', () => {
  it('prints the plan first and, without a terminal or --auto-approve, changes nothing (exit 4)', () => {
    const { dir, tenant } = setup();
    const before = readFileSync(tenant, 'utf8');
    const rb = runCli(['rollback'], { cwd: dir });
    expect(rb.code).toBe(4);
    expect(rb.stdout).toMatch(/voiceRoute\["R-Local"\] will be destroyed/);
    expect(rb.stderr).toMatch(/refusing to rollback without confirmation/);
    expect(readFileSync(tenant, 'utf8')).toBe(before);
  });

  it('refuses to roll back an older apply that a later one built on, naming the later journal, unless --force', () => {
    const { dir, tenant } = setup();
    const journals = path.join(dir, '.voiceform/journals');
    const older = path.join(
      journals,
      readdirSync(journals)[0]!,
      readdirSync(path.join(journals, readdirSync(journals)[0]!))[0]!,
    );
    expect(runCli(['apply', AFTER, '--auto-approve'], { cwd: dir }).code).toBe(0);
    const refused = runCli(['rollback', older, '--auto-approve'], { cwd: dir });
    expect(refused.code).toBe(4);
    expect(refused.stderr).toMatch(/later runs wrote some of the same objects: .*-apply-/);
    const after = readFileSync(tenant, 'utf8');
    const forced = runCli(['rollback', older, '--auto-approve', '--force'], { cwd: dir });
    // Forced: what the later apply changed since is still someone else's change, left alone (exit 5).
    expect(forced.code).toBe(5);
    expect(forced.stderr).toMatch(/left alone, changed by someone else/);
    expect(readFileSync(tenant, 'utf8')).not.toBe(after);
  });
});
