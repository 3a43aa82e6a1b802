import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SpecInvalid } from '../../src/errors.js';
import { readConfig } from '../../src/config.js';
import { tenantConfig } from '../../src/fleet/tenant-config.js';
import { fleetExitCode, statusOf, type BatchReport, type TenantReport } from '../../src/batch/report.js';
import { formatReportHtml } from '../../src/batch/report-html.js';
import { loadFleet, type FleetTenant } from '../../src/fleet/manifest.js';

const tenant = (name: string, credentials: FleetTenant['credentials']): FleetTenant => ({
  name,
  spec: `/specs/${name}.json`,
  tenant: 'teams',
  credentials,
});

describe('a tenant of a fleet', () => {
  const config = readConfig({
    PATH: '/usr/bin',
    VOICEFORM_CLIENT_ID: 'global-app',
    VOICEFORM_CLIENT_SECRET: 'global-secret',
    VOICEFORM_CERT_PATH: '/global.pfx',
    VOICEFORM_TENANT_ID: '00000000-0000-0000-0000-000000000009',
    CONTOSO_ID: 'contoso-app',
    CONTOSO_CERT: '/contoso.pfx',
    FABRIKAM_ID: 'fabrikam-app',
    FABRIKAM_SECRET: 'fabrikam-secret',
  });

  it("signs in with its own credentials only, never the fleet's or another tenant's", () => {
    const contoso = tenantConfig(tenant('contoso', { clientIdEnv: 'CONTOSO_ID', certPathEnv: 'CONTOSO_CERT' }), config);
    expect(contoso.env.VOICEFORM_CLIENT_ID).toBe('contoso-app');
    expect(contoso.env.VOICEFORM_CERT_PATH).toBe('/contoso.pfx');
    expect(contoso.env.VOICEFORM_CLIENT_SECRET).toBeUndefined();
    expect(contoso.env.VOICEFORM_TENANT_ID).toBeUndefined();
    expect(contoso.tenantId).toBeUndefined();
    const fabrikam = tenantConfig(
      tenant('fabrikam', { clientIdEnv: 'FABRIKAM_ID', clientSecretEnv: 'FABRIKAM_SECRET' }),
      config,
    );
    expect(fabrikam.env.VOICEFORM_CLIENT_ID).toBe('fabrikam-app');
    expect(fabrikam.env.VOICEFORM_CLIENT_SECRET).toBe('fabrikam-secret');
    expect(fabrikam.env.VOICEFORM_CERT_PATH).toBeUndefined();
    // A tenant that names no credentials gets none (not the fleet's defaults).
    expect(tenantConfig(tenant('bare', {}), config).env.VOICEFORM_CLIENT_ID).toBeUndefined();
  });

  it('gives no secret to a child process', () => {
    const c = tenantConfig(
      tenant('fabrikam', { clientIdEnv: 'FABRIKAM_ID', clientSecretEnv: 'FABRIKAM_SECRET' }),
      config,
    );
    expect(JSON.stringify(c.childEnv)).not.toMatch(/secret|fabrikam-app|\.pfx/);
    expect(c.childEnv.PATH).toBe('/usr/bin');
  });
});

describe('statuses and the fleet exit code', () => {
  const t = (status: TenantReport['status']): TenantReport => ({
    name: status,
    tenantId: null,
    status,
    exitCode: 0,
    summary: null,
    durationMs: 0,
    planFile: null,
    journal: null,
    messages: [],
  });
  it('maps exit codes to statuses', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 130].map(statusOf)).toEqual([
      'ok',
      'error',
      'changes',
      'invalid',
      'precondition',
      'rolled-back',
      'failed',
      'interrupted',
    ]);
  });
  it('exits 1 when any tenant failed, 2 for changes only with --detailed-exitcode, else 0', () => {
    expect(fleetExitCode([t('ok'), t('changes'), t('rolled-back')], true)).toBe(1);
    expect(fleetExitCode([t('ok'), t('changes')], true)).toBe(2);
    expect(fleetExitCode([t('ok'), t('changes')], false)).toBe(0);
    expect(fleetExitCode([t('ok')], true)).toBe(0);
  });
});

describe('report.html', () => {
  const base = { summary: null, durationMs: 1200, planFile: null, journal: null };
  const report: BatchReport = {
    formatVersion: 1,
    command: 'plan',
    manifest: '/fleet/fleet.json',
    startedAt: '2026-11-27T00:00:00.000Z',
    finishedAt: '2026-11-27T00:00:05.000Z',
    interrupted: false,
    tenants: [
      {
        ...base,
        name: 'contoso',
        tenantId: 'a',
        status: 'changes',
        exitCode: 2,
        summary: { add: 3, change: 1, destroy: 0 },
        messages: [],
      },
      {
        ...base,
        name: 'fabrikam',
        tenantId: 'b',
        status: 'invalid',
        exitCode: 3,
        messages: ['Error: <script>alert(1)</script> in "gnp\u202Eexe"', 'Hint: first\nsecond line'],
      },
      { ...base, name: 'northwind', tenantId: 'c', status: 'ok', exitCode: 0, messages: [] },
    ],
  };
  const html = formatReportHtml(report, new Map());

  it('is self-contained: no script, no external asset, a CSP that forbids both', () => {
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
    expect(html).not.toMatch(/<script|\bsrc=|href=|@import|url\(/i);
  });

  it('escapes what tenants said (hostile text, bidi overrides)', () => {
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('gnp&lt;U+202E&gt;exe');
    expect(html).not.toContain('\u202E');
  });

  it('keeps line breaks as line breaks (#22 item 10), between messages and within one', () => {
    expect(html).toContain('exe&quot;\nHint: first\nsecond line</pre>');
    expect(html).not.toContain('U+000A');
  });

  it('sums the fleet up, lists failures first, and has a filter for each status present', () => {
    expect(html).toContain('3 tenant(s): 1 ok, 1 with changes, 1 failed.');
    expect(html.indexOf('fabrikam')).toBeLessThan(html.indexOf('contoso'));
    expect(html.indexOf('contoso')).toBeLessThan(html.indexOf('northwind'));
    for (const s of ['all', 'invalid', 'changes', 'ok'])
      expect(html).toMatch(new RegExp(`<input type="radio" name="f" id="f-${s}"`));
    expect(html).not.toContain('id="f-rolled-back"');
    expect(html).toContain('#f-invalid:checked~.tenants .tenant:not(.st-invalid)');
  });
});

describe('fleet progress on a terminal', () => {
  it('shows every finished tenant, even two that finish just before the fleet stops', async () => {
    const { PassThrough } = await import('node:stream');
    const { fleetProgress } = await import('../../src/batch/progress.js');
    const { recordingHost } = await import('../../src/io/io-host.js');
    const tty = Object.assign(new PassThrough(), { isTTY: true, columns: 160 }) as unknown as NodeJS.WriteStream;
    let text = '';
    (tty as unknown as PassThrough).on('data', (d: Buffer) => (text += d.toString()));
    const p = fleetProgress(recordingHost([], true), 2, tty);
    const report = (name: string) => ({
      name,
      tenantId: null,
      status: 'ok' as const,
      exitCode: 0,
      summary: { add: 1, change: 0, destroy: 0 },
      durationMs: 1000,
      planFile: null,
      journal: null,
      messages: [],
    });
    p.started('alpha');
    p.started('bravo');
    p.said('alpha', 'apply [1/1] create voiceRoute["x"]: done');
    p.finished(report('alpha'));
    p.finished(report('bravo'));
    p.stop();
    // eslint-disable-next-line no-control-regex
    const plain = text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
    expect(plain).toContain('alpha: ok (1 to add, 0 to change, 0 to destroy) in 1.0 s');
    expect(plain).toContain('bravo: ok (1 to add, 0 to change, 0 to destroy) in 1.0 s');
    expect(plain).toMatch(/fleet \[.*\] 2\/2 tenants · 2 ok/);
  });
});

describe('small checks (#22 item 18)', () => {
  it('a whole-number option takes digits only', async () => {
    const { wholeNumber } = await import('../../src/cli/whole-number.js');
    expect(wholeNumber('12', '--limit', 1, 100)).toBe(12);
    for (const bad of ['1e3', '0x10', ' 7', '-1', '1.0', '', '101'])
      expect(() => wholeNumber(bad, '--limit', 1, 100), bad).toThrow(/--limit must be a whole number from 1 to 100/);
  });

  it('an empty expectations file is a problem, not a pass', async () => {
    const { checkExpectations } = await import('../../src/simulate/expectations.js');
    expect(checkExpectations([]).problems).toEqual([expect.objectContaining({ rule: 'expect.empty' })]);
  });
});

describe('manifest errors (#22 item 18)', () => {
  const manifest = (tenants: unknown[]): string => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vf-manifest-'));
    const file = path.join(dir, 'fleet.json');
    writeFileSync(file, JSON.stringify({ apiVersion: 'voiceform/v1', kind: 'Fleet', tenants }));
    return file;
  };
  const hintOf = (file: string) =>
    loadFleet(file).then(
      () => undefined,
      (e: SpecInvalid) => e.hint,
    );

  it('the hint answers the problem found: a credentials hint only for a written-in secret', async () => {
    expect(await hintOf(manifest([{ name: 'a', spec: 'missing.json', tenant: 'sim:a.json' }]))).toBe(
      'fix the entries named above (paths are relative to the manifest)',
    );
    expect(await hintOf(manifest([{ name: 'a', spec: '../../etc/passwd', tenant: 'sim:a.json' }]))).toMatch(
      /--allow-outside PATH/,
    );
    expect(
      await hintOf(manifest([{ name: 'a', spec: 's.json', tenant: 'teams', credentials: { clientSecret: 'x' } }])),
    ).toMatch(/credentials are named by environment variable/);
  });
});
