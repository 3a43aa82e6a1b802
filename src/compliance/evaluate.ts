import { identityKey, sameName } from '../kinds/identity.js';
import type { TenantVoiceState } from '../kinds/registry.js';
import type { UserGrants } from '../kinds/grants.js';
import { dialEmergency, type EmergencyDial } from './dial-check.js';
import { SOURCES, type CheckId, type ComplianceCheck, type ComplianceReport } from './compliance-types.js';

/** What the spec says of a site that Teams does not hold. */
export interface SiteFacts {
  name: string;
  country: string;
  /** The grants the site's users get (the site's own and its template's). */
  grants: Partial<UserGrants>;
  /** Declared in the site's `emergency` block: who carries the location to the PSAP. */
  routingProvider?: string;
  /** Declared in the site's `emergency` block: the digit users dial for an outside line (legacy 9911). */
  outsideLinePrefix?: string;
}

export interface ComplianceInput {
  voice: TenantVoiceState;
  sites: SiteFacts[];
  users: { upn: string; site: string | null }[];
  /** The emergency numbers of a country (templates/countries/<CC>.json). */
  emergencyNumbers(country: string): string[];
  country: string | null;
  evaluated: 'spec' | 'tenant';
  /** The tenant's ValidationStatus of each address by name, when it was read (`--tenant teams`). */
  addressValidation?: Record<string, string>;
}

const check = (id: CheckId, status: ComplianceCheck['status'], message: string, fix?: string): ComplianceCheck => ({
  id,
  status,
  message,
  source: SOURCES[id],
  ...(fix && status !== 'pass' && status !== 'not-applicable' ? { fix } : {}),
});
const notApplicable = (id: CheckId, country: string): ComplianceCheck =>
  check(id, 'not-applicable', `no rule for ${country} in this report (United States law)`);

/** The US-only checks (Kari's Law and RAY BAUM's Act): elsewhere not applicable. */
const US_ONLY: CheckId[] = [
  'notification',
  'civic-address',
  'place',
  'lis-subnets',
  'trusted-ips',
  'pidflo',
  'location-delivery',
  'test-call',
];

/** Evaluates every site and user of the spec against the emergency calling rules. Pure. */
export function evaluateCompliance(input: ComplianceInput): ComplianceReport {
  const sites = input.sites.filter((s) => !input.country || s.country === input.country);
  const inReport = new Set(sites.map((s) => identityKey(s.name)));
  const report: ComplianceReport = {
    country: input.country,
    evaluated: input.evaluated,
    sites: sites.map((s) => ({ name: s.name, country: s.country, checks: siteChecks(input, s) })),
    users: input.users
      .filter((u) => !input.country || (u.site !== null && inReport.has(identityKey(u.site))))
      .map((u) => ({
        upn: u.upn,
        site: u.site,
        checks: userChecks(
          input,
          u,
          input.sites.find((s) => u.site !== null && sameName(s.name, u.site)),
        ),
      })),
    summary: { pass: 0, fail: 0, warning: 0, notApplicable: 0 },
  };
  for (const c of [...report.sites, ...report.users].flatMap((x) => x.checks))
    report.summary[c.status === 'not-applicable' ? 'notApplicable' : c.status]++;
  return report;
}

type Caller = { dialPlan: string | null; voiceRoutingPolicy: string | null; emergencyCallRoutingPolicy: string | null };

/** The network site named after a spec site (a site's `emergency` block makes it). */
const networkSiteOf = (voice: TenantVoiceState, site: string | undefined) =>
  site === undefined ? undefined : voice.networkSites.find((n) => sameName(n.name, site));

/** Direct dial of every emergency number of the country from one caller; the gateways the calls leave by. */
function directDial(
  input: ComplianceInput,
  country: string,
  caller: Caller,
): { check: ComplianceCheck; gateways: string[]; dialled: Map<string, EmergencyDial> } {
  const numbers = input.emergencyNumbers(country);
  const results = numbers.map((n) => ({ n, r: dialEmergency(input.voice, n, caller) }));
  const dialled = new Map(results.map((x) => [x.n, x.r]));
  const failed = results.filter((x) => !x.r.ok);
  const gateways = [...new Set(results.flatMap((x) => (x.r.ok ? x.r.gateways : [])))];
  if (numbers.length === 0)
    return {
      check: check('direct-dial', 'warning', `no emergency numbers are known for ${country}`),
      gateways,
      dialled,
    };
  if (failed.length === 0) {
    const first = results[0]!.r as Extract<EmergencyDial, { ok: true }>;
    return {
      check: check(
        'direct-dial',
        'pass',
        `${numbers.join(', ')} dialled with no prefix reach route ${first.route} via ${first.gateways.join(', ')} (policy ${first.policy})`,
      ),
      gateways,
      dialled,
    };
  }
  const why = failed.map((x) => `${x.n}: ${(x.r as { why: string }).why}`).join('; ');
  const fix = [...new Set(failed.map((x) => (x.r as { fix: string }).fix))].join('; ');
  return { check: check('direct-dial', 'fail', why, fix), gateways, dialled };
}

function siteChecks(input: ComplianceInput, site: SiteFacts): ComplianceCheck[] {
  const { voice } = input;
  const network = networkSiteOf(voice, site.name);
  const ecrp = site.grants.emergencyCallRoutingPolicy ?? network?.emergencyCallRoutingPolicy ?? null;
  const caller: Caller = {
    dialPlan: site.grants.dialPlan ?? null,
    voiceRoutingPolicy: site.grants.voiceRoutingPolicy ?? null,
    emergencyCallRoutingPolicy: ecrp,
  };
  const dial = directDial(input, site.country, caller);
  const out: ComplianceCheck[] = [dial.check, outsideLine(input, site, ecrp)];
  out.push(
    ecrp
      ? check(
          'coverage',
          'pass',
          `emergency call routing policy ${ecrp} from the ${site.grants.emergencyCallRoutingPolicy ? 'site' : 'network site'}`,
        )
      : check(
          'coverage',
          'fail',
          `site ${site.name} gives its users no emergency call routing policy: they have no emergency calling`,
          "use a template with an emergency call routing policy, or set the site's emergencyCallRoutingPolicy",
        ),
  );
  if (site.country !== 'US') return [...out, ...US_ONLY.map((id) => notApplicable(id, site.country))];
  const ecp = site.grants.emergencyCallingPolicy ?? network?.emergencyCallingPolicy ?? null;
  out.push(notification(voice, ecp, `site ${site.name}`));
  const address = voice.emergencyAddresses.find((a) => sameName(a.name, site.name));
  const missing = address
    ? (['houseNumber', 'streetName', 'city', 'stateOrProvince', 'postalCode', 'latitude', 'longitude'] as const).filter(
        (f) => !address[f],
      )
    : [];
  out.push(
    !address
      ? check(
          'civic-address',
          'fail',
          `site ${site.name} has no civic address in the Location Information Service`,
          `give site ${site.name} an emergency.address (house number, street, city, state, ZIP code, latitude and longitude)`,
        )
      : missing.length
        ? check(
            'civic-address',
            'fail',
            `the civic address of ${site.name} lacks ${missing.join(', ')}: it cannot be validated`,
            `complete emergency.address of site ${site.name}`,
          )
        : (validation(input, address.name) ??
          check(
            'civic-address',
            'pass',
            `${[address.houseNumber, address.preDirectional, address.streetName, address.streetSuffix].filter(Boolean).join(' ')}, ${address.city}, ${address.stateOrProvince} ${address.postalCode}`,
          )),
  );
  const places = voice.emergencyPlaces.filter((p) => sameName(p.address, site.name));
  out.push(
    places.length
      ? check('place', 'pass', `places: ${places.map((p) => p.location).join(', ')}`)
      : check(
          'place',
          'fail',
          `site ${site.name} has no place (floor, wing, room) at its address: only the building is dispatchable`,
          `list the floors in emergency.places and map subnets and access points to them`,
        ),
  );
  const subnets = voice.networkSubnets.filter((s) => s.networkSite !== null && sameName(s.networkSite, site.name));
  const lis = new Set(voice.lisSubnets.map((s) => identityKey(s.name)));
  const absent = subnets.filter((s) => !lis.has(identityKey(s.name)));
  out.push(
    !network
      ? check(
          'lis-subnets',
          'fail',
          `site ${site.name} has no network site: Teams cannot tell where its users are`,
          `give site ${site.name} an emergency block (it makes the network site) with its subnets`,
        )
      : subnets.length === 0
        ? check(
            'lis-subnets',
            'fail',
            `network site ${network.name} has no subnets`,
            "list the site's subnets with maskBits in emergency.subnets",
          )
        : absent.length
          ? check(
              'lis-subnets',
              'fail',
              `subnet(s) ${absent.map((s) => `${s.name}/${s.maskBits}`).join(', ')} of network site ${network.name} are not in the LIS: calls from them carry no location`,
              `add ${absent.map((s) => s.name).join(', ')} to the site's emergency.subnets with their place`,
            )
          : check(
              'lis-subnets',
              'pass',
              `every subnet of network site ${network.name} is in the LIS (${subnets.length})`,
            ),
  );
  out.push(
    voice.trustedIps.length
      ? check(
          'trusted-ips',
          'pass',
          `${voice.trustedIps.length} trusted IP address(es): ${voice.trustedIps.map((t) => `${t.name}/${t.maskBits}`).join(', ')}`,
        )
      : check(
          'trusted-ips',
          'fail',
          'the tenant has no trusted IP addresses: Teams looks up no dynamic location',
          'list every public egress address (IPv4 and IPv6) in trustedIps',
        ),
  );
  const noPidf = dial.gateways.filter((g) => !voice.gateways.find((x) => sameName(x.fqdn, g))?.pidfloSupported);
  out.push(
    dial.gateways.length === 0
      ? check(
          'pidflo',
          'fail',
          "no gateway carries the site's emergency calls",
          'route the emergency numbers (direct-dial)',
        )
      : noPidf.length
        ? check(
            'pidflo',
            'fail',
            `gateway(s) ${noPidf.join(', ')} carry emergency calls without PIDF-LO: the location is not sent`,
            `set "pidfloSupported": true on ${noPidf.join(', ')}`,
          )
        : check('pidflo', 'pass', `emergency calls leave by ${dial.gateways.join(', ')}, with PIDF-LO`),
  );
  const elins = places.length > 0 && places.every((p) => p.elin);
  out.push(
    site.routingProvider
      ? check('location-delivery', 'pass', `emergency routing service provider: ${site.routingProvider}`)
      : elins
        ? check('location-delivery', 'pass', `every place has an ELIN for the SBC's ELIN application`)
        : check(
            'location-delivery',
            'fail',
            `site ${site.name} declares neither an emergency routing service provider nor ELINs for every place`,
            'set emergency.routingProvider (the ERS provider your SBC sends emergency calls to), or an elin on every place',
          ),
  );
  // US numbers include 933: direct-dial has walked it already.
  const test = dial.dialled.get('933') ?? dialEmergency(voice, '933', caller);
  out.push(
    test.ok
      ? check('test-call', 'pass', `933 reaches route ${test.route}`)
      : check(
          'test-call',
          'warning',
          `933: ${test.why}`,
          `route 933 like 911, or arrange test calls with the emergency routing service provider`,
        ),
  );
  return out;
}

/**
 * An address Teams has not validated, when the tenant says so: complete is not validated
 * (Microsoft validates through the admin center; PowerShell-made addresses can even read
 * "validated" when they are not, office-docs-powershell issue 9770). A warning: Teams accepts it.
 */
function validation(input: ComplianceInput, name: string): ComplianceCheck | undefined {
  const entry = Object.entries(input.addressValidation ?? {}).find(([n]) => sameName(n, name));
  if (!entry || entry[1].toLowerCase() === 'validated') return undefined;
  return check(
    'civic-address',
    'warning',
    `Teams reports the civic address of ${name} as ${entry[1] || 'not validated'}`,
    `validate the address in the Teams admin center (Locations → Emergency addresses), then check its ValidationStatus again`,
  );
}

function outsideLine(input: ComplianceInput, site: SiteFacts, ecrp: string | null): ComplianceCheck {
  const prefix = site.outsideLinePrefix;
  if (!prefix) return check('outside-line', 'not-applicable', `site ${site.name} declares no outside-line prefix`);
  const policy = ecrp ? input.voice.emergencyCallRoutingPolicies.find((p) => sameName(p.name, ecrp)) : undefined;
  const masks = new Set(policy?.emergencyNumbers.flatMap((e) => e.dialMask.split(';')) ?? []);
  const missing = input
    .emergencyNumbers(site.country)
    .map((n) => `${prefix}${n}`)
    .filter((m) => !masks.has(m));
  return missing.length === 0
    ? check(
        'outside-line',
        'pass',
        `with the outside-line prefix ${prefix}: ${[...masks].filter(Boolean).join(', ')} are dial masks`,
      )
    : check(
        'outside-line',
        'fail',
        `users who dial ${prefix} for an outside line: ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} no dial mask of ${ecrp ?? 'any emergency call routing policy'}`,
        `add ${missing.join(', ')} to the dialMask of the emergency numbers of ${ecrp ?? "the site's policy"}`,
      );
}

function notification(voice: TenantVoiceState, ecp: string | null, who: string): ComplianceCheck {
  const policy = ecp ? voice.emergencyCallingPolicies.find((p) => sameName(p.name, ecp)) : undefined;
  if (!policy)
    return check(
      'notification',
      'fail',
      `${who} has no emergency calling policy${ecp ? ` (${ecp} does not exist)` : ''}: nobody is notified of a 911 call`,
      'give the site an emergency.notify block (security desk group, mode)',
    );
  const group = policy.notificationGroup;
  if (group.length === 0 && !policy.notificationDialOutNumber)
    return check(
      'notification',
      'fail',
      `emergency calling policy ${policy.name} notifies nobody (no notification group or dial-out number)`,
      `set notificationGroup on ${policy.name}`,
    );
  return check(
    'notification',
    'pass',
    `policy ${policy.name} notifies ${[...group, policy.notificationDialOutNumber].filter(Boolean).join(', ')}${policy.notificationMode ? ` (${policy.notificationMode})` : ''}`,
  );
}

function userChecks(
  input: ComplianceInput,
  user: { upn: string; site: string | null },
  site: SiteFacts | undefined,
): ComplianceCheck[] {
  const { voice } = input;
  const grants = voice.userPolicies.find((p) => sameName(p.upn, user.upn));
  const network = networkSiteOf(voice, site?.name);
  const ecrp = grants?.emergencyCallRoutingPolicy ?? network?.emergencyCallRoutingPolicy ?? null;
  const country = site?.country ?? null;
  const out: ComplianceCheck[] = [
    ecrp
      ? check('coverage', 'pass', `emergency call routing policy ${ecrp}`)
      : check(
          'coverage',
          'fail',
          `${user.upn} has no emergency call routing policy from a network site or of their own: no emergency calling`,
          `give ${user.upn} a site whose template grants one, or an emergencyCallRoutingPolicy`,
        ),
  ];
  if (country) {
    out.push(
      directDial(input, country, {
        dialPlan: grants?.dialPlan ?? null,
        voiceRoutingPolicy: grants?.voiceRoutingPolicy ?? null,
        emergencyCallRoutingPolicy: ecrp,
      }).check,
    );
  }
  if (country === 'US')
    out.push(notification(voice, grants?.emergencyCallingPolicy ?? network?.emergencyCallingPolicy ?? null, user.upn));
  else
    out.push(
      check(
        'notification',
        'not-applicable',
        country ? `no rule for ${country} in this report` : 'the user has no site',
      ),
    );
  return out;
}
