import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'vf-e2e-'));
const write = (name: string, content: string | Buffer): string => {
  const file = path.join(tmp, name);
  writeFileSync(file, content);
  return file;
};

describe('voiceform validate / render / simulate (built CLI)', () => {
  it('validates both samples', () => {
    const r = runCli(['validate', 'samples/small-business.json', 'samples/enterprise.json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('samples/enterprise.json: valid');
  });

  it('renders the enterprise sample into ≥7 routes, ≥3 policies and ≥3 dial plans for three countries; the output renders to itself', () => {
    const r = runCli(['render', 'samples/enterprise.json']);
    expect(r.code).toBe(0);
    const rendered = JSON.parse(r.stdout);
    expect(rendered.voiceRoutes.length).toBeGreaterThanOrEqual(7);
    expect(rendered.voiceRoutingPolicies.length).toBeGreaterThanOrEqual(3);
    expect(rendered.dialPlans.length).toBeGreaterThanOrEqual(3);
    expect(new Set(rendered.sites.map((s: { country: string }) => s.country))).toEqual(new Set(['US', 'GB', 'DE']));
    expect(rendered.users.find((u: { upn: string }) => u.upn === 'megan.bowen@contoso.com').phoneNumber).toBe('auto');
    const again = runCli(['render', write('rendered.json', r.stdout)]);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual(rendered);
  });

  it('simulates a London mobile call as JSON', () => {
    const r = runCli([
      'simulate',
      'samples/enterprise.json',
      '--site',
      'London',
      '--dial',
      '07400 123456'.replace(' ', ''),
      '--format',
      'json',
    ]);
    expect(r.code).toBe(0);
    const sim = JSON.parse(r.stdout);
    expect(sim).toMatchObject({
      dialed: '07400123456',
      normalized: '+447400123456',
      usage: 'GB-London-Mobile',
      gateways: ['sbc-lon.contoso.com'],
      blocked: null,
    });
    expect(sim.rule.name).toBe('GB-London-Mobile');
    expect(sim.route.name).toBe('GB-London-Mobile');
  });

  it('shows a blocked premium call for a user on the National tier', () => {
    const r = runCli([
      'simulate',
      'samples/enterprise.json',
      '--user',
      'johanna.lorenz@contoso.com',
      '--dial',
      '09001234567',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Blocked: +no route of policy DE-Berlin-National matches \+499001234567/);
  });

  it.each([
    ['truncated JSON', '{"apiVersion": "voiceform/v1", "customer": {', /line 1, column \d+/],
    ['empty file', '', /empty/],
    ['BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{}')]), /byte-order mark/],
    ['binary', Buffer.from([0x00, 0x01, 0x02, 0xff]), /not UTF-8|NUL/],
  ])('exits 3 on a %s without a stack trace', (_what, content, message) => {
    const r = runCli(['validate', write(`bad-${Math.random()}.json`, content)]);
    expect(r.code).toBe(3);
    expect(r.stdout + r.stderr).toMatch(message);
    expect(r.stdout + r.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 3 with JSON problems naming the pointer', () => {
    const spec = JSON.parse(runCli(['render', 'samples/small-business.json']).stdout);
    spec.voiceRoutes[0].gateways = ['missing.fabrikam.co.uk'];
    spec.users[0].phoneNumber = '+449999';
    const r = runCli(['validate', '--format', 'json', write('broken.json', JSON.stringify(spec))]);
    expect(r.code).toBe(3);
    const problems = JSON.parse(r.stdout);
    expect(problems).toContainEqual(expect.objectContaining({ path: '/voiceRoutes/0/gateways/0', rule: 'reference' }));
    expect(problems).toContainEqual(expect.objectContaining({ path: '/users/0/phoneNumber' }));
    for (const p of problems) expect(Object.keys(p).sort()).toEqual(['file', 'message', 'path', 'rule']);
  });

  it('refuses a spec over 10 MB', () => {
    const r = runCli(['validate', write('huge.json', `{"x":"${'a'.repeat(10 * 1024 * 1024)}"}`)]);
    expect(r.code).toBe(3);
    expect(r.stderr + r.stdout).toMatch(/at most 10485760 bytes/);
  });

  it('refuses a duplicated key in a spec, a country file of --templates and a fleet manifest (exit 3, pointer and line)', () => {
    const text = readFileSync('samples/small-business.json', 'utf8').replace('"users": [', '"users": [], "users": [');
    const spec = runCli(['validate', '--format', 'json', write('dup.json', text)]);
    expect(spec.code).toBe(3);
    expect(spec.stdout + spec.stderr).toMatch(/\/users/);
    expect(spec.stdout + spec.stderr).toMatch(/json\.duplicate-key/);

    const templates = mkdtempSync(path.join(tmp, 'tpl-'));
    mkdirSync(path.join(templates, 'countries'));
    const gb = readFileSync('templates/countries/GB.json', 'utf8').replace('{', '{"iso": "GB",');
    writeFileSync(path.join(templates, 'countries', 'GB.json'), gb);
    const country = runCli(['validate', '--templates', templates, 'samples/small-business.json']);
    expect(country.code).toBe(3);
    expect(country.stderr).toMatch(/GB\.json:\d+:\d+: the key at \/iso appears twice/);

    const manifest = write('fleet.json', '{"tenants": [], "tenants": []}');
    const fleet = runCli(['batch', 'validate', manifest]);
    expect(fleet.code).toBe(3);
    expect(fleet.stderr).toMatch(/the key at \/tenants appears twice/);
  });
});

describe('a country that is not built in (#22 item 15)', () => {
  it('the error says how to add it; a bad country file of your own is named once, at its pointer', () => {
    const spec = JSON.parse(readFileSync('samples/small-business.json', 'utf8')) as {
      sites: { country: string }[];
    };
    spec.sites[0]!.country = 'JP';
    const file = write('jp-spec.json', JSON.stringify(spec));
    const r = runCli(['validate', file]);
    expect(r.code).toBe(3);
    expect(r.stdout + r.stderr).toContain(
      'no country data for JP (available: AT, AU, BE, CA, CH, DE, DK, ES, FI, FR, GB, IE, IT, NL, NO, NZ, PL, PT, SE, US); add it as countries/JP.json in a templates folder of your own and pass --templates DIR',
    );

    mkdirSync(path.join(tmp, 'jp-templates/countries'), { recursive: true });
    const jp = JSON.parse(readFileSync('templates/countries/GB.json', 'utf8')) as Record<string, any>;
    Object.assign(jp, { iso: 'JP', name: 'Japan', countryCode: '81', internationalPrefix: '010' });
    jp.emergencyNumbers = ['110', '119', '118'];
    jp.classes[1].nsn = '(\\d+)+';
    writeFileSync(path.join(tmp, 'jp-templates/countries/JP.json'), JSON.stringify(jp));
    const bad = runCli(['render', file, '--templates', path.join(tmp, 'jp-templates')]);
    expect(bad.code).toBe(3);
    expect(bad.stderr.match(/\/classes\/1\/nsn/g)).toHaveLength(1);
    expect(bad.stderr).toContain('jp-templates/countries/JP.json: /classes/1/nsn: pattern');
  });
});

describe('one mistake, one problem (#22 item 18)', () => {
  it("a site naming an undefined gateway is reported once, at the site's list, not once per rendered route", () => {
    const spec = JSON.parse(readFileSync('samples/small-business.json', 'utf8')) as { sites: { gateways: string[] }[] };
    spec.sites[0]!.gateways = ['sbc9.nowhere.example'];
    const r = runCli(['validate', write('undefined-gateway.json', JSON.stringify(spec))]);
    expect(r.code).toBe(3);
    expect(r.stdout.trim().split('\n')).toEqual([
      expect.stringContaining(
        '/sites/0/gateways/0: gateway "sbc9.nowhere.example" is not defined in the spec [reference]',
      ),
    ]);
    expect(r.stderr).toContain('1 problem(s) found.');
  });
});
