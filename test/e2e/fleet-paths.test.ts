/**
 * #22 item 7: a fleet manifest handed over by someone else cannot make Voiceform read files outside
 * its folder (`/etc/…`, `../../..`, a link that leads out) unless allowed, and a file that is not
 * JSON is never quoted into the report.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../support/run-cli.js';

const SMALL = path.join(ROOT, 'samples/small-business.json');
const SECRET = 'root:$6$s3cr3t-hash-never-printed:19000:0:99999:7:::';

function layout() {
  const top = mkdtempSync(path.join(tmpdir(), 'vf-paths-'));
  const dir = path.join(top, 'fleet');
  const outside = path.join(top, 'elsewhere');
  mkdirSync(dir);
  mkdirSync(outside);
  copyFileSync(SMALL, path.join(outside, 'spec.json'));
  writeFileSync(path.join(outside, 'shadow'), `${SECRET}\n`);
  symlinkSync(path.join(outside, 'shadow'), path.join(dir, 'innocent.json'));
  const manifest = (tenants: object[], extra: object = {}) => {
    const file = path.join(dir, `fleet-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, JSON.stringify({ apiVersion: 'voiceform/v1', kind: 'Fleet', ...extra, tenants }));
    return file;
  };
  return { top, dir, outside, manifest };
}

describe('fleet manifest paths (built CLI)', () => {
  it('refuses specs, templates and simulated tenants outside its folder, or reached through a link, naming each entry (exit 3)', () => {
    const { dir, outside, manifest } = layout();
    const file = manifest([
      { name: 'a', spec: path.join(outside, 'shadow'), tenant: 'sim' },
      { name: 'b', spec: '../elsewhere/spec.json', tenant: 'sim:../../../tmp/x.json' },
      { name: 'c', spec: 'innocent.json', tenant: 'sim', templates: '/etc' },
    ]);
    const r = runCli(['batch', 'validate', file], { cwd: dir });
    expect(r.code).toBe(3);
    for (const at of [
      '/tenants/0/spec',
      '/tenants/1/spec',
      '/tenants/1/tenant',
      '/tenants/2/spec',
      '/tenants/2/templates',
    ]) {
      expect(r.stderr).toContain(`${at}: `);
    }
    expect(r.stderr).toMatch(/--allow-outside PATH/);
    expect(r.stderr + r.stdout).not.toContain('s3cr3t');
  });

  it('takes a folder allowed by --allow-outside or the manifest, and never quotes a file that is not JSON', () => {
    const { top, dir, outside, manifest } = layout();
    writeFileSync(path.join(dir, 'notjson.json'), `${SECRET}\n`);
    const file = manifest([
      { name: 'good', spec: '../elsewhere/spec.json', tenant: 'sim:good.json' },
      { name: 'odd', spec: 'notjson.json', tenant: 'sim:odd.json' },
    ]);
    const reports = path.join(top, 'reports');
    const r = runCli(['batch', 'validate', file, '--allow-outside', outside, '--report-dir', reports], { cwd: dir });
    expect(r.code).toBe(1);
    const report = readFileSync(path.join(reports, 'report.json'), 'utf8');
    expect(JSON.parse(report).tenants.map((t: { name: string; status: string }) => `${t.name}:${t.status}`)).toEqual([
      'good:ok',
      'odd:invalid',
    ]);
    expect(report + readFileSync(path.join(reports, 'report.html'), 'utf8') + r.stderr + r.stdout).not.toContain(
      's3cr3t',
    );
    expect(report).toMatch(/not JSON/);
    const allowed = manifest([{ name: 'good', spec: '../elsewhere/spec.json', tenant: 'sim' }], {
      allowOutside: ['../elsewhere'],
    });
    expect(runCli(['batch', 'validate', allowed, '--report-dir', path.join(top, 'r2')], { cwd: dir }).code).toBe(0);
  });
});
