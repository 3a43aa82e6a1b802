/**
 * The conformance kit against a real tenant (VOICEFORM_LIVE=1 and VOICEFORM_LIVE_WRITE=1: it
 * creates, changes and deletes objects named `vfconf-…`, and grants them to a test user for a
 * moment; never run in CI). First `doctor`, then `conformance --format json`, kept as
 * conformance-report.json in the working folder: the file to attach to a bug report.
 *
 *   VOICEFORM_LIVE=1 VOICEFORM_LIVE_WRITE=1 VOICEFORM_TENANT_ID=<guid> VOICEFORM_CLIENT_ID=<app id> \
 *   VOICEFORM_CERT_PATH=<pem> (or VOICEFORM_CLIENT_SECRET=…) [VOICEFORM_LIVE_USER=upn] npm run test:live
 */
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

const live = process.env.VOICEFORM_LIVE === '1' && process.env.VOICEFORM_LIVE_WRITE === '1';
const teams = (args: string[]) => runCli([...args, '--tenant', 'teams'], {});

describe.runIf(live)('a real tenant, written to by the conformance kit', () => {
  it('doctor passes, then every conformance claim agrees and nothing is left behind', () => {
    const doctor = teams(['doctor']);
    expect(doctor.stdout).not.toMatch(/^FAIL/m);
    const user = process.env.VOICEFORM_LIVE_USER;
    const r = teams(['conformance', '--format', 'json', ...(user ? ['--user', user] : [])]);
    writeFileSync('conformance-report.json', r.stdout);
    const report = JSON.parse(r.stdout) as { results: { result: string }[]; leftBehind: string[] };
    expect(report.leftBehind).toEqual([]);
    expect(report.results.filter((x) => x.result === 'differ')).toEqual([]);
    expect(r.code).toBe(0);
  }, 3_600_000);
});
