/**
 * #27 `voiceform import m365dsc` through the built CLI and real pwsh: two real-shaped
 * Microsoft365DSC exports — UTF-16 with BOM and GUID instance names (2022), UTF-8 and name-keyed
 * with $OrganizationName inside SBC names and UPNs (2025) — become specs that validate, apply to a
 * fresh simulated tenant, plan empty afterwards, and export back to the same objects in the same
 * order. Nothing in the file runs: a block that would is only text to the parser.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../support/run-cli.js';
import { requirePwsh } from '../support/sim-serve.js';

const TENANT = '2d8c8f0e-5a4b-4c1d-8e7f-9a0b1c2d3e4f';
const FIXTURES = path.join(ROOT, 'test/fixtures/m365dsc');
interface Spec {
  gateways: { fqdn: string; owned?: boolean }[];
  pstnUsages: string[];
  voiceRoutes: { name: string; gateways: string[]; pstnUsages: string[] }[];
  voiceRoutingPolicies: { name: string; pstnUsages: string[] }[];
  dialPlans?: { name: string; normalizationRules: { name: string }[] }[];
  users: { upn: string; phoneNumber: string }[];
}

beforeAll(() => requirePwsh());

/** Imports, applies to a fresh simulated tenant, re-plans and exports: the imported spec and the export. */
function roundTrip(fixture: string, args: string[]): { spec: Spec; exported: Spec; stderr: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'vf-dsc-'));
  writeFileSync(
    path.join(dir, 'gateways.json'),
    JSON.stringify([{ fqdn: 'sbc1.contoso.com', sipSignalingPort: 5067, maxConcurrentSessions: 40 }]),
  );
  const r = runCli(['import', 'm365dsc', path.join(FIXTURES, fixture), '--tenant-id', TENANT, ...args], { cwd: dir });
  expect(r.stderr).not.toContain('Error');
  expect(r.code).toBe(0);
  writeFileSync(path.join(dir, 'spec.json'), r.stdout);
  expect(runCli(['validate', 'spec.json'], { cwd: dir }).code).toBe(0);
  expect(runCli(['sim', 'init', '--users-from', 'spec.json'], { cwd: dir }).code).toBe(0);
  expect(runCli(['apply', 'spec.json', '--auto-approve'], { cwd: dir }).code).toBe(0);
  expect(runCli(['plan', 'spec.json', '--detailed-exitcode'], { cwd: dir }).code).toBe(0);
  const exported = runCli(['export'], { cwd: dir });
  expect(exported.code).toBe(0);
  return { spec: JSON.parse(r.stdout) as Spec, exported: JSON.parse(exported.stdout) as Spec, stderr: r.stderr };
}

describe('voiceform import m365dsc', () => {
  it('a 2025 UTF-8 export keyed by name, $OrganizationName in SBC names and UPNs, SBCs from --gateways', () => {
    const { spec, exported, stderr } = roundTrip('contoso-name-keyed.ps1', [
      '--organization',
      'contoso.com',
      '--customer',
      'Contoso',
      '--gateways',
      'gateways.json',
    ]);
    expect(spec.voiceRoutes.map((r) => [r.name, r.gateways])).toEqual([
      ['US-Local', ['sbc1.contoso.com', 'sbc2.contoso.com']],
      ['US-International', ['sbc1.contoso.com']],
    ]);
    // Usage order is routing semantics: kept.
    expect(spec.voiceRoutingPolicies).toEqual([
      {
        name: 'US-International',
        pstnUsages: ['US-Local', 'US-International'],
        description: 'Local and international',
      },
    ]);
    expect(spec.dialPlans![0]!.normalizationRules.map((r) => r.name)).toEqual(['NYC-7', 'NYC-10']);
    expect(spec.gateways).toEqual([
      { fqdn: 'sbc1.contoso.com', sipSignalingPort: 5067, maxConcurrentSessions: 40 },
      { fqdn: 'sbc2.contoso.com', sipSignalingPort: 5061, owned: false },
    ]);
    expect(spec.users).toEqual([
      {
        upn: 'adele.vance@contoso.com',
        voiceRoutingPolicy: 'US-International',
        dialPlan: 'US-NYC',
        emergencyCallRoutingPolicy: 'US-Emergency',
        callingLineIdentity: 'Anonymous',
        phoneNumber: '+12125550101',
      },
    ]);
    expect(stderr).toContain(
      'skipped TeamsMeetingPolicy "TeamsMeetingPolicy-Global": TeamsMeetingPolicy is not a resource Voiceform manages',
    );
    expect(stderr).toContain('skipped TeamsVoiceRoute "TeamsVoiceRoute-Old": Ensure = "Absent"');
    expect(stderr).toContain('sbc2.contoso.com written as owned: false placeholders');
    // The tenant it built exports back to the same routes and policies, in the same order.
    const ours = (s: Spec) =>
      s.voiceRoutes
        .filter((r) => !r.name.startsWith('Legacy'))
        .map((r) => [r.name, r.pstnUsages])
        .sort();
    expect(ours(exported)).toEqual(ours(spec));
    expect(exported.voiceRoutingPolicies.find((p) => p.name === 'US-International')!.pstnUsages).toEqual([
      'US-Local',
      'US-International',
    ]);
  });

  it('a 2022 UTF-16 export with GUID instance names and a number without its +', () => {
    const { spec, exported } = roundTrip('fabrikam-guid-utf16.ps1', ['--organization', 'fabrikam.com']);
    expect(spec.voiceRoutes.map((r) => r.name)).toEqual(['LocalRoute']);
    expect(spec.gateways).toEqual([{ fqdn: 'sbc.fabrikam.com', sipSignalingPort: 5061, owned: false }]);
    expect(spec.dialPlans).toEqual([
      {
        name: 'Fabrikam-Ext',
        description: 'Extensions',
        normalizationRules: [
          { name: 'Four digits', pattern: '^(\\d{4})$', translation: '+1425555$1', isInternalExtension: true },
        ],
      },
    ]);
    expect(spec.users).toEqual([
      {
        upn: 'lee.gu@fabrikam.com',
        phoneNumber: '+14255550102',
        voiceRoutingPolicy: 'Fabrikam-Local',
        dialPlan: 'Fabrikam-Ext',
      },
    ]);
    expect(exported.users.map((u) => [u.upn, u.phoneNumber])).toEqual([['lee.gu@fabrikam.com', '+14255550102']]);
  });

  it('a 2026 export with emergency calling: the calling policy and its grant, trusted IPs, network region, site and subnet', () => {
    const { spec, exported } = roundTrip('contoso-emergency.ps1', ['--organization', 'contoso.com']);
    const emergency = spec as unknown as Record<string, unknown>;
    expect(emergency.emergencyCallingPolicies).toEqual([
      {
        name: 'US-Security',
        description: 'Security desk',
        notificationGroup: ['security@contoso.com', 'facilities@contoso.com'],
        notificationMode: 'conferenceMuted',
        notificationDialOutNumber: '+12125550177',
        externalLocationLookup: true,
      },
    ]);
    expect(emergency.trustedIps).toEqual([{ address: '203.0.113.10', maskBits: 32, description: 'New York egress' }]);
    expect(emergency.networkSites).toEqual([
      {
        name: 'NewYork',
        description: 'New York office',
        networkRegion: 'NorthAmerica',
        emergencyCallingPolicy: 'US-Security',
      },
    ]);
    expect(emergency.networkSubnets).toEqual([{ subnet: '10.20.0.0', maskBits: 16, networkSite: 'NewYork' }]);
    expect(spec.users).toEqual([
      { upn: 'adele.vance@contoso.com', emergencyCallingPolicy: 'US-Security', phoneNumber: '+12125550101' },
    ]);
    const back = exported as unknown as Record<string, { name?: string; address?: string }[]>;
    expect(back.networkRegions!.map((r) => r.name)).toEqual(['NorthAmerica']);
    expect(back.trustedIps!.map((t) => t.address)).toEqual(['203.0.113.10']);
  });

  it('never runs the file: a block that would write a file stays text, and a hostile organization is data', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vf-dsc-'));
    const marker = path.join(dir, 'ran.txt');
    writeFileSync(
      path.join(dir, 'evil.ps1'),
      [
        'Configuration Evil',
        '{',
        `    Set-Content -Path '${marker}' -Value 1`,
        '    Node localhost',
        '    {',
        '        TeamsPstnUsage "TeamsPstnUsage-X"',
        '        {',
        `            Usage = $(Set-Content -Path '${marker}' -Value 2; "X");`,
        '            Ensure = "Present";',
        '        }',
        '        TeamsPstnUsage "TeamsPstnUsage-Y"',
        '        {',
        '            Usage = "Y-$OrganizationName";',
        '        }',
        '    }',
        '}',
        'Evil',
      ].join('\n'),
    );
    const r = runCli(
      [
        'import',
        'm365dsc',
        'evil.ps1',
        '--tenant-id',
        TENANT,
        '--domain',
        'contoso.com',
        '--organization',
        'x\'$(whoami)`"y',
      ],
      {
        cwd: dir,
      },
    );
    expect(r.code).toBe(0);
    expect(readFileSync(path.join(dir, 'evil.ps1'), 'utf8')).toContain('Set-Content');
    expect(() => readFileSync(marker)).toThrow();
    expect(r.stderr).toContain('TeamsPstnUsage "TeamsPstnUsage-X": Usage not constant (a variable), left out');
    expect((JSON.parse(r.stdout) as Spec).pstnUsages).toEqual([`Y-x'$(whoami)\`"y`]);
  });
});
