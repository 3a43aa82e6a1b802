/**
 * #26 through the built CLI: `voiceform health --readiness` against local stand-in SBCs, through
 * the real openssl. sbc1 names all seven roots of MC1213773 and runs a certified AudioCodes
 * firmware (ready, certified) with a public certificate that carries Client Authentication (its
 * renewal loses it: a warning dated at its expiry); sbc2 misses two roots (at risk, naming them and
 * the enforcement date) and runs AudioCodes 7.40A.500 (below the 7.40A.600 minimum); sbc3 asks for
 * no client certificate (unknown, with the reason) and answers no OPTIONS (its spec declaration
 * counts, marked as declared); the hand-made SBC does not answer at all. One alert per change of
 * state; Message Center's MC1213773 names the SBCs at risk; --fleet over three tenants; the html
 * table in Chromium.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readinessData } from '../../src/health/readiness-data.js';
import { launchChromium } from '../support/browser.js';
import { background, ROOT, runCli } from '../support/run-cli.js';
import { makeLeaf, makeRoot, requireOpenssl, startSbc, type SbcStandIn } from '../support/sbc-stand-in.js';

const SMALL = JSON.parse(readFileSync(path.join(ROOT, 'samples/small-business.json'), 'utf8'));
const DATA = readinessData();
const MC = DATA.changes.find((c) => c.id === 'MC1213773')!;

let dir: string;
let roots: string[];
const sbcs: Record<string, SbcStandIn> = {};
let closedPort: number;
let leaf1: { key: string; cert: string };
let leaf2: { key: string; cert: string };
let env: Record<string, string>;

/** `C=US, O=DigiCert\, Inc., CN=…` → `/C=US/O=DigiCert, Inc./CN=…` (openssl's -subj). */
const subj = (dn: string) =>
  `/${dn
    .split(/(?<!\\), /)
    .map((p) => p.replace(/\\,/g, ','))
    .join('/')}`;

beforeAll(async () => {
  requireOpenssl();
  dir = mkdtempSync(path.join(tmpdir(), 'vf-readiness-'));
  roots = DATA.roots.map((r, i) => makeRoot(dir, `root${i}`, subj(r.subject)));
  // A stand-in public CA: the CLI trusts its root as it would a public one.
  makeRoot(dir, 'public', '/C=US/O=Voiceform Test/CN=Voiceform Test Public Root');
  env = { NODE_EXTRA_CA_CERTS: path.join(dir, 'public.pem') };
  leaf1 = makeLeaf(dir, 'public', 'sbc1.fabrikam.co.uk', 'serverAuth,clientAuth', 200);
  leaf2 = makeLeaf(dir, 'public', 'sbc2.fabrikam.co.uk', 'serverAuth', 200);
  const leaf3 = makeLeaf(dir, 'public', 'sbc3.fabrikam.co.uk', 'serverAuth', 200);
  const g5 = DATA.roots.map((r) => /G5/.test(r.label));
  sbcs.sbc1 = await startSbc({ ...leaf1, caNames: roots, server: 'Mediant SW/v.7.40A.600.204' });
  sbcs.sbc2 = await startSbc({
    ...leaf2,
    caNames: roots.filter((_, i) => !g5[i]),
    server: 'Mediant 800/v.7.40A.500.775',
  });
  sbcs.sbc3 = await startSbc({ ...leaf3, caNames: null, server: null });
  const probe = http.createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  closedPort = (probe.address() as AddressInfo).port;
  await new Promise((r) => probe.close(r));

  const gw = SMALL.gateways[0];
  const spec = {
    ...SMALL,
    gateways: [
      gw,
      { ...gw, fqdn: 'sbc2.fabrikam.co.uk', description: 'Second SBC' },
      {
        ...gw,
        fqdn: 'sbc3.fabrikam.co.uk',
        description: 'Third SBC',
        sbc: { vendor: 'Cisco', product: 'SIPGateway', version: '17.6.1a' },
      },
    ],
  };
  writeFileSync(path.join(dir, 'spec.json'), JSON.stringify(spec));
  expect(runCli(['sim', 'init', '--users-from', 'spec.json'], { cwd: dir }).code).toBe(0);
  expect(runCli(['apply', 'spec.json', '--auto-approve'], { cwd: dir }).code).toBe(0);
  // Message Center announces the change (the sim reads notices from its tenant file).
  const file = path.join(dir, '.voiceform/sim-tenant.json');
  const state = JSON.parse(readFileSync(file, 'utf8'));
  state.serviceMessages = [
    {
      id: 'MC1213773',
      title: 'Direct Routing: SIP certificate changes for mutual TLS',
      services: ['Microsoft Teams'],
      tags: ['Admin impact'],
      category: 'planForChange',
      severity: 'high',
      startDateTime: new Date(Date.now() - 86_400_000).toISOString(),
      lastModifiedDateTime: new Date(Date.now() - 86_400_000).toISOString(),
      actionRequiredByDateTime: null,
      body: { contentType: 'text', content: 'Trust the new roots on your SBC.' },
    },
  ];
  writeFileSync(file, JSON.stringify(state));
}, 120_000);

afterAll(async () => {
  for (const s of Object.values(sbcs)) await s.close();
});

const resolveArgs = () => [
  '--resolve',
  `sbc1.fabrikam.co.uk=127.0.0.1:${sbcs.sbc1!.port}`,
  '--resolve',
  `sbc2.fabrikam.co.uk=127.0.0.1:${sbcs.sbc2!.port}`,
  '--resolve',
  `sbc3.fabrikam.co.uk=127.0.0.1:${sbcs.sbc3!.port}`,
  '--resolve',
  `sbc-legacy.fabrikam.co.uk=127.0.0.1:${closedPort}`,
];

interface Check {
  id: string;
  status: string;
  breaksOn: string | null;
  evidence: string;
  fix: string;
  severity: string;
}
interface Doc {
  status: string;
  readiness: { fqdn: string; tenant: string; status: string; sbc: { source: string } | null; checks: Check[] }[];
  exposures: { summary: string }[];
  alerts: { subject: string; level: string; was: string }[];
}

// Asynchronous: the stand-in SBCs live in this process, and a synchronous child would block them.
async function health(...extra: string[]): Promise<{ code: number | null; stderr: string; out: string }> {
  const out = path.join(dir, `out-${Date.now()}-${Math.random().toString(36).slice(2)}`);
  const r = await background(
    ['health', 'spec.json', '--readiness', ...resolveArgs(), '--out', out, ...extra],
    dir,
    env,
  );
  return { code: r.code, stderr: r.stderr, out: readFileSync(out, 'utf8') };
}
const checkOf = (doc: Doc, fqdn: string, id: string) =>
  doc.readiness.find((r) => r.fqdn === fqdn)!.checks.find((c) => c.id === id)!;

describe('voiceform health --readiness (stand-in SBCs, the real openssl)', () => {
  let doc: Doc;

  it('judges each SBC against the known changes', async () => {
    const r = await health('--format', 'json', '--detailed-exitcode');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(2);
    doc = JSON.parse(r.out) as Doc;
    // sbc1: ready and certified; its public certificate loses Client Authentication at renewal.
    expect(checkOf(doc, 'sbc1.fabrikam.co.uk', 'MC1213773')).toMatchObject({ status: 'ready', severity: 'ok' });
    expect(checkOf(doc, 'sbc1.fabrikam.co.uk', 'certified')).toMatchObject({ status: 'certified' });
    // Its certificate is from a (stand-in) public CA: accepted for an SBC in the commercial cloud.
    expect(checkOf(doc, 'sbc1.fabrikam.co.uk', 'sbc-certificate-ca')).toMatchObject({ status: 'ready' });
    expect(checkOf(doc, 'sbc1.fabrikam.co.uk', 'MC1213773/firmware')).toMatchObject({ status: 'ready' });
    const renewal = checkOf(doc, 'sbc1.fabrikam.co.uk', 'CLIENT-AUTH-EKU-2026');
    expect(renewal.status).toBe('renewal-loses-eku');
    expect(renewal.breaksOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(Date.parse(renewal.breaksOn!)).toBeGreaterThan(Date.now() + 190 * 86_400_000);
    // sbc2: two roots missing, dated; its firmware below AudioCodes' minimum.
    expect(checkOf(doc, 'sbc2.fabrikam.co.uk', 'MC1213773')).toMatchObject({
      status: 'at-risk',
      breaksOn: MC.breaksOn,
      evidence: expect.stringContaining('DigiCert TLS ECC P384 Root G5, DigiCert TLS RSA 4096 Root G5'),
    });
    expect(checkOf(doc, 'sbc2.fabrikam.co.uk', 'MC1213773/firmware')).toMatchObject({
      status: 'below-minimum',
      fix: expect.stringContaining('7.40A.600'),
    });
    expect(checkOf(doc, 'sbc2.fabrikam.co.uk', 'CLIENT-AUTH-EKU-2026').status).toBe('not-affected');
    // sbc3: no client certificate requested; its declared Cisco firmware is certified, marked declared.
    expect(checkOf(doc, 'sbc3.fabrikam.co.uk', 'MC1213773')).toMatchObject({
      status: 'unknown',
      evidence: expect.stringContaining('no client certificate'),
    });
    expect(doc.readiness.find((r) => r.fqdn === 'sbc3.fabrikam.co.uk')!.sbc).toMatchObject({ source: 'declared' });
    expect(checkOf(doc, 'sbc3.fabrikam.co.uk', 'certified')).toMatchObject({
      status: 'certified',
      evidence: expect.stringContaining('(declared in the spec)'),
    });
    // The hand-made SBC answers nothing: unknown, never ready.
    expect(checkOf(doc, 'sbc-legacy.fabrikam.co.uk', 'MC1213773')).toMatchObject({
      status: 'unknown',
      evidence: expect.stringContaining("Microsoft's addresses"),
    });
    expect(checkOf(doc, 'sbc-legacy.fabrikam.co.uk', 'certified').status).toBe('unknown');
    expect(doc.exposures.map((e) => e.summary)).toEqual([
      'MC1213773: 1 of your 4 SBCs are at risk: sbc2.fabrikam.co.uk',
    ]);
    // The first run alerts on every readiness subject that is not ok.
    expect(doc.alerts.map((a) => a.subject)).toEqual(
      expect.arrayContaining([
        'readiness sbc2.fabrikam.co.uk MC1213773',
        'readiness sbc2.fabrikam.co.uk MC1213773/firmware',
      ]),
    );
  });

  it('text: the timeline soonest first, with the fix; the same state again alerts nothing', async () => {
    const r = await health();
    const lines = r.out.split('\n');
    const at = lines.findIndex((l) => l.startsWith('Readiness'));
    expect(at).toBeGreaterThan(0);
    const section = lines.slice(at + 1);
    const first = section.find((l) => /MC1213773: at-risk/.test(l));
    expect(first).toContain(`sbc2.fabrikam.co.uk  MC1213773: at-risk · breaks on ${MC.breaksOn}`);
    expect(section.join('\n')).toContain('fix: add DigiCert TLS ECC P384 Root G5, DigiCert TLS RSA 4096 Root G5');
    expect(section.join('\n')).toContain('MC1213773: 1 of your 4 SBCs are at risk: sbc2.fabrikam.co.uk');
    expect(r.out).not.toMatch(/Alerts \(changes since the last run\)/);
  });

  it('an SBC that gets the missing roots alerts once, as resolved', async () => {
    await sbcs.sbc2!.close();
    sbcs.sbc2 = await startSbc({ ...leaf2, caNames: roots, server: 'Mediant 800/v.7.40A.500.775' });
    const r = await health('--format', 'json');
    const after = JSON.parse(r.out) as Doc;
    expect(checkOf(after, 'sbc2.fabrikam.co.uk', 'MC1213773').status).toBe('ready');
    expect(after.alerts).toEqual([
      expect.objectContaining({ subject: 'readiness sbc2.fabrikam.co.uk MC1213773', level: 'ok', was: 'critical' }),
    ]);
  });

  it('the html table, worst first, in headless Chromium', async () => {
    const r = await health('--format', 'html');
    const file = path.join(dir, 'readiness.html');
    writeFileSync(file, r.out);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(pathToFileURL(file).href);
      const rows = page.locator('table.readiness tr');
      expect(await rows.count()).toBe(1 + doc.readiness.reduce((n, s) => n + s.checks.length, 0));
      expect(await rows.nth(1).innerText()).toMatch(
        /CRITICAL\s+sbc2\.fabrikam\.co\.uk\s+MC1213773\/firmware\s+below-minimum/,
      );
    } finally {
      await browser.close();
    }
  });

  it('--fleet over three tenants: one timeline across them, with the tenant named', async () => {
    for (const t of ['b', 'c']) {
      expect(runCli(['sim', 'init', '--tenant', `sim:${t}.json`, '--users-from', 'spec.json'], { cwd: dir }).code).toBe(
        0,
      );
      expect(runCli(['apply', 'spec.json', '--tenant', `sim:${t}.json`, '--auto-approve'], { cwd: dir }).code).toBe(0);
    }
    writeFileSync(
      path.join(dir, 'fleet.json'),
      JSON.stringify({
        apiVersion: 'voiceform/v1',
        kind: 'Fleet',
        tenants: [
          { name: 'alpha', spec: 'spec.json', tenant: 'sim:.voiceform/sim-tenant.json' },
          { name: 'beta', spec: 'spec.json', tenant: 'sim:b.json' },
          { name: 'gamma', spec: 'spec.json', tenant: 'sim:c.json' },
        ],
      }),
    );
    const out = path.join(dir, 'fleet.txt');
    const r = await background(
      ['health', '--fleet', 'fleet.json', '--readiness', ...resolveArgs(), '--out', out],
      dir,
      env,
    );
    expect(r.stderr).toBe('');
    const text = readFileSync(out, 'utf8');
    const timeline = text.slice(text.indexOf('Readiness timeline'));
    expect(timeline).toMatch(/^Readiness timeline \(12 SBC\(s\) in 3 tenant\(s\), soonest first\):/);
    for (const tenant of ['alpha', 'beta', 'gamma'])
      expect(timeline).toContain(`${tenant} sbc2.fabrikam.co.uk  MC1213773/firmware: below-minimum`);
  });
});
