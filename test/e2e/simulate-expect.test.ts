/**
 * #13: `simulate --expect` proves a dial plan before it goes for approval: every row in one run,
 * a table or JSON, exit 0 / 2 / 3.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../support/run-cli.js';

describe('simulate --expect (built CLI)', () => {
  it.each(['small-business', 'enterprise'])('the %s sample holds its own expectations file (exit 0)', (name) => {
    const r = runCli(['simulate', `samples/${name}.json`, '--expect', `samples/${name}.expect.json`]);
    expect(r.stdout).toMatch(/\d+ passed, 0 failed\./);
    expect(r.code).toBe(0);
  });

  it('a row that does not hold fails the run (exit 2), in the order of the rows, with what differs', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vf-expect-'));
    writeFileSync(
      path.join(dir, 'rows.json'),
      JSON.stringify([
        { site: 'London', dial: '999', route: 'GB-London-Emergency' },
        { site: 'London', dial: '07700900123', route: 'GB-London-Local', blocked: true },
      ]),
    );
    const text = runCli(['simulate', path.join(ROOT, 'samples/small-business.json'), '--expect', 'rows.json'], {
      cwd: dir,
    });
    expect(text.code).toBe(2);
    expect(text.stdout).toMatch(
      /FAIL .*07700900123.*route GB-London-Mobile, expected GB-London-Local; connects, expected blocked/,
    );
    const json = runCli(
      ['simulate', path.join(ROOT, 'samples/small-business.json'), '--expect', 'rows.json', '--format', 'json'],
      { cwd: dir },
    );
    expect(json.code).toBe(2);
    const doc = JSON.parse(json.stdout);
    expect(doc).toMatchObject({ passed: 1, failed: 1 });
    expect(
      doc.results.map((r: { dial: string; ok: boolean; actual: { route: string } }) => [r.dial, r.ok, r.actual.route]),
    ).toEqual([
      ['999', true, 'GB-London-Emergency'],
      ['07700900123', false, 'GB-London-Mobile'],
    ]);
  });

  it('a bad expectations file is invalid input (exit 3) naming the row', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vf-expect-'));
    writeFileSync(
      path.join(dir, 'bad.json'),
      JSON.stringify([
        { site: 'London', dial: '999' },
        { dial: '112', colour: 'red' },
      ]),
    );
    const r = runCli(['simulate', path.join(ROOT, 'samples/small-business.json'), '--expect', 'bad.json'], {
      cwd: dir,
    });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/\/1\/colour/);
    expect(r.stderr).toMatch(/\/1: give exactly one of site or user/);
    writeFileSync(path.join(dir, 'nosite.json'), JSON.stringify([{ site: 'Paris', dial: '112' }]));
    const unknown = runCli(['simulate', path.join(ROOT, 'samples/small-business.json'), '--expect', 'nosite.json'], {
      cwd: dir,
    });
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toMatch(/row 0: no site Paris/);
  });
});
