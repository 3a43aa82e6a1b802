/**
 * #22 item 13: rollback says which apply it undoes (file, when, who, how many changes, which
 * spec) before it asks, and never reaches past an apply already rolled back to an older one on
 * its own (a second `rollback --auto-approve` once undid the first apply: 112 deletions).
 */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../support/run-cli.js';

describe('rollback names the apply it undoes (built CLI)', () => {
  it('names it before asking; a second rollback refuses to undo the first apply unless it is named', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'vf-rollback-'));
    copyFileSync(path.join(ROOT, 'samples/small-business.json'), path.join(dir, 'spec.json'));
    expect(runCli(['sim', 'init', '--users-from', 'spec.json'], { cwd: dir }).code).toBe(0);
    expect(runCli(['apply', 'spec.json', '--auto-approve'], { cwd: dir }).code).toBe(0);
    const spec = JSON.parse(readFileSync(path.join(dir, 'spec.json'), 'utf8'));
    spec.pstnUsages = [...(spec.pstnUsages ?? []), 'Second-Apply-Usage'];
    writeFileSync(path.join(dir, 'spec.json'), JSON.stringify(spec));
    const second = runCli(['apply', 'spec.json', '--auto-approve'], { cwd: dir });
    expect(second.code, second.stderr).toBe(0);

    // Without a terminal or --auto-approve it only shows: the apply is named first.
    const shown = runCli(['rollback'], { cwd: dir });
    expect(shown.code).toBe(4);
    const who = `${os.userInfo().username}@${os.hostname()}`;
    expect(shown.stderr).toMatch(
      new RegExp(
        `Rolling back the apply of .*\\.ndjson: \\d{4}-\\d\\d-\\d\\dT[^ ]+ by ${who}, 1 change\\(s\\), spec sha256:`,
      ),
    );

    expect(runCli(['rollback', '--auto-approve'], { cwd: dir }).code).toBe(0);
    const again = runCli(['rollback', '--auto-approve'], { cwd: dir });
    expect(again.code).toBe(4);
    expect(again.stderr).toMatch(
      /the latest apply \(.*\) is already rolled back; the one before it is .*\(.*change\(s\)/,
    );
    const named = /voiceform rollback (\S+\.ndjson)/.exec(again.stderr)![1]!;
    // Nothing was undone by the refused one: the first apply's objects are all still there.
    expect(runCli(['plan', 'spec.json', '--detailed-exitcode'], { cwd: dir }).code).toBe(2);
    const firstRolled = runCli(['rollback', named, '--auto-approve'], { cwd: dir });
    expect(firstRolled.code, firstRolled.stderr).toBe(0);
    expect(firstRolled.stderr).toMatch(/Rolling back the apply of .*: .* change\(s\)/);
  });
});
