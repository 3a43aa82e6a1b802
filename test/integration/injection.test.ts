/**
 * Hostile values in every free-text and name field the schema allows go through real pwsh as
 * data: each is stored verbatim in the simulated tenant, and a canary file that any successful
 * injection would create never appears.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeRegex } from '../../src/render/template-helpers.js';
import { runCli } from '../support/run-cli.js';
import { requirePwsh, serveSimTenant, type ServedTenant } from '../support/sim-serve.js';
import { TENANT_ID } from '../support/builders.js';

const dir = mkdtempSync(path.join(tmpdir(), 'vf-inject-'));
const canary = path.join(dir, 'canary');
const make = `New-Item -ItemType File -Path '${canary}'`;

/** Classic ways to break out of hand-quoted PowerShell. */
const CORPUS = [
  `'; ${make}; '`,
  `\u2018; ${make}; \u2019`, // typographic quotes, which PowerShell treats as single quotes
  `\u201A; ${make}; \u201B`,
  `"; ${make}; "`,
  `$(${make})`,
  `\`$(${make})\``,
  `x\`n${make}`,
  `a\n${make}\nb`,
  `@{a=$(${make})}`,
  `& ${make}`,
  `| ${make}`,
  `\u202E\u200F ${make} (rtl) ünïcødé 電話 📞`,
];

let served: ServedTenant;

function hostileSpec(): object {
  const gw = 'sbc1.fabrikam.co.uk';
  return {
    apiVersion: 'voiceform/v1',
    customer: { name: CORPUS[0], tenantId: TENANT_ID, domain: 'fabrikam.co.uk' },
    gateways: [{ fqdn: gw, sipSignalingPort: 5061, enabled: true, description: CORPUS.slice(0, 6).join(' ') }],
    sites: [
      { name: 'London', country: 'GB', gateways: [gw], numberRanges: [{ from: '+442071234000', to: '+442071234099' }] },
    ],
    translationRules: CORPUS.map((p, i) => ({
      name: `Inj (T${i}) + x.y`,
      pattern: `^\\+(\\d+)(?:${escapeRegex(p)})?$`,
      translation: `$1${p.replace(/\$/g, '')}`.slice(0, 250),
      description: p,
    })),
    pstnUsages: CORPUS.map((_, i) => `Inj Usage (${i}) + x.y`),
    voiceRoutes: CORPUS.map((p, i) => ({
      name: `Inj Route (${i}) + x.y`,
      numberPattern: `^\\+44(?:${escapeRegex(p)})?\\d+$`,
      priority: i,
      gateways: [gw],
      pstnUsages: [`Inj Usage (${i}) + x.y`],
      description: p,
    })),
    voiceRoutingPolicies: CORPUS.map((p, i) => ({
      name: `Inj Policy (${i}) + x.y`,
      pstnUsages: [`Inj Usage (${i}) + x.y`],
      description: p,
    })),
    dialPlans: CORPUS.map((p, i) => ({
      name: `Inj-DP-${i}.x`,
      description: p,
      normalizationRules: [{ name: `Inj Rule (${i})`, pattern: '^(\\d{8})$', translation: `+4420$1`, description: p }],
    })),
    emergencyCallRoutingPolicies: CORPUS.map((p, i) => ({
      name: `Inj Emergency (${i}) + x.y`,
      description: p,
      emergencyNumbers: [{ dialString: '112', dialMask: '999;911', pstnUsage: `Inj Usage (${i}) + x.y` }],
    })),
    callingLineIdentities: CORPUS.map((p, i) => ({
      name: `Inj CallerId (${i}) + x.y`,
      description: p,
      companyName: p.slice(0, 200),
      callingIdSubstitute: i % 2 ? 'Anonymous' : 'LineUri',
    })),
    users: [
      {
        upn: "o'brien@fabrikam.co.uk",
        phoneNumber: '+442071234001',
        site: 'London',
        voiceRoutingPolicy: 'Inj Policy (1) + x.y',
        dialPlan: 'Inj-DP-1.x',
        emergencyCallRoutingPolicy: 'Inj Emergency (1) + x.y',
        callingLineIdentity: 'Inj CallerId (1) + x.y',
      },
      {
        upn: "d.o'neill+voice@fabrikam.co.uk",
        phoneNumber: '+442071234002',
        site: 'London',
        voiceRoutingPolicy: 'Inj Policy (2) + x.y',
      },
    ],
  };
}

beforeAll(async () => {
  requirePwsh();
  writeFileSync(path.join(dir, 'spec.json'), JSON.stringify(hostileSpec(), null, 2));
  expect(runCli(['validate', 'spec.json'], { cwd: dir }).code).toBe(0);
  expect(runCli(['sim', 'init', '--users-from', 'spec.json'], { cwd: dir }).code).toBe(0);
  served = await serveSimTenant(dir);
});
afterAll(async () => served?.stop());

describe('injection corpus through real pwsh', () => {
  it('is live: hand-quoting its values into script text does run them (so the canary check has teeth)', () => {
    for (const payload of [CORPUS[0]!, CORPUS[1]!, CORPUS[4]!.replace(/^/, '"').concat('"')]) {
      rmSync(canary, { force: true });
      spawnSync('pwsh', ['-NoProfile', '-NonInteractive', '-Command', `$d = '${payload}'`], { encoding: 'utf8' });
      const spliced = existsSync(canary);
      if (!spliced)
        spawnSync('pwsh', ['-NoProfile', '-NonInteractive', '-Command', `$d = ${payload}`], { encoding: 'utf8' });
      expect({ payload, ran: existsSync(canary) }).toEqual({ payload, ran: true });
    }
    rmSync(canary, { force: true });
  });

  it('applies the hostile spec, stores every value verbatim and never runs any of it', () => {
    const r = runCli(['apply', 'spec.json', '--tenant', 'teams', '--auto-approve'], { cwd: dir, env: served.env });
    expect(r.stderr).toMatch(/Apply complete/);
    expect(r.code).toBe(0);
    expect(existsSync(canary)).toBe(false);

    const tenant = JSON.parse(readFileSync(path.join(dir, '.voiceform/sim-tenant.json'), 'utf8'));
    const spec = hostileSpec() as {
      voiceRoutes: { name: string; numberPattern: string; description: string }[];
      translationRules: { name: string; translation: string; description: string }[];
      dialPlans: { name: string; description: string; normalizationRules: { description: string }[] }[];
    };
    for (const route of spec.voiceRoutes) {
      const stored = tenant.voice.voiceRoutes.find((x: { name: string }) => x.name === route.name);
      expect(stored).toMatchObject({
        numberPattern: route.numberPattern,
        description: `[voiceform] ${route.description}`,
      });
    }
    for (const rule of spec.translationRules) {
      expect(tenant.voice.translationRules.find((x: { name: string }) => x.name === rule.name)).toMatchObject({
        translation: rule.translation,
        description: `[voiceform] ${rule.description}`,
      });
    }
    for (const dp of spec.dialPlans) {
      const stored = tenant.voice.dialPlans.find((x: { name: string }) => x.name === dp.name);
      expect(stored.description).toBe(`[voiceform] ${dp.description}`);
      expect(stored.normalizationRules[0].description).toBe(dp.normalizationRules[0]!.description);
    }
    expect(tenant.voice.gateways.find((g: { fqdn: string }) => g.fqdn === 'sbc1.fabrikam.co.uk').description).toBe(
      `[voiceform] ${CORPUS.slice(0, 6).join(' ')}`,
    );
    CORPUS.forEach((p, i) => {
      expect(
        tenant.voice.emergencyCallRoutingPolicies.find(
          (x: { name: string }) => x.name === `Inj Emergency (${i}) + x.y`,
        ),
      ).toMatchObject({
        description: `[voiceform] ${p}`,
        emergencyNumbers: [{ dialString: '112', dialMask: '999;911', pstnUsage: `Inj Usage (${i}) + x.y` }],
      });
      expect(
        tenant.voice.callingLineIdentities.find((x: { name: string }) => x.name === `Inj CallerId (${i}) + x.y`),
      ).toMatchObject({ description: `[voiceform] ${p}`, companyName: p.slice(0, 200) });
    });
    expect(tenant.users.find((u: { upn: string }) => u.upn === "o'brien@fabrikam.co.uk")).toMatchObject({
      phoneNumber: '+442071234001',
      voiceRoutingPolicy: 'Inj Policy (1) + x.y',
      dialPlan: 'Inj-DP-1.x',
      emergencyCallRoutingPolicy: 'Inj Emergency (1) + x.y',
      callingLineIdentity: 'Inj CallerId (1) + x.y',
    });
  });

  it('reads the hostile values back through pwsh unchanged (the plan is empty)', () => {
    const r = runCli(['plan', 'spec.json', '--tenant', 'teams', '--detailed-exitcode'], { cwd: dir, env: served.env });
    expect(r.stdout).toContain('No changes.');
    expect(r.code).toBe(0);
    expect(existsSync(canary)).toBe(false);
  });
});
