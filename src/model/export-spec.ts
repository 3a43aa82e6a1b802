import { identityKey } from '../kinds/identity.js';
import { GRANTS } from '../kinds/grants.js';
import { ARRAY_KINDS, listOf, SETTING_KINDS } from '../kinds/registry.js';
import type { CurrentState } from './tenant-state.js';
import { exportEmergencyAddresses } from './export-emergency.js';
import { exportVoiceApps } from './export-voice-apps.js';
import type { Spec, UserSpec } from '../kinds/spec-document.js';

/**
 * The tenant's voice configuration as a spec: explicit objects (no templates, each kind's own
 * `toSpec`), users with their numbers and grants. Objects without the ownership marker come out
 * `owned: false`, so planning the export against the same tenant changes nothing. Pure.
 */
export function buildExportSpec(current: CurrentState, customerName: string): Spec {
  const v = current.voice;
  const domains = current.directory.verifiedDomains.filter((d) => !identityKey(d).endsWith('.onmicrosoft.com'));
  const covers = (d: string) => v.gateways.every((g) => identityKey(g.fqdn).endsWith(`.${identityKey(d)}`));
  const domain =
    [...domains].sort((a, b) => a.length - b.length).find(covers) ??
    domains[0] ??
    current.directory.verifiedDomains[0] ??
    'example.com';
  const policies = new Map(v.userPolicies.map((p) => [identityKey(p.upn), p]));
  const objects = {
    ...Object.fromEntries(
      ARRAY_KINDS.filter((def) => def.toSpec).map((def) => {
        const toSpec = def.toSpec as (o: object) => unknown;
        return [def.list, (listOf(v, def.kind) as object[]).map(toSpec)];
      }),
    ),
    // A resource account's number lives in its entry; transfers name the voice app, not its account.
    ...exportVoiceApps(v),
    ...exportEmergencyAddresses(v),
  };
  // A tenant setting is exported as the tenant has it (one object, when the tenant could say).
  const settings = Object.fromEntries(
    SETTING_KINDS.flatMap((def) =>
      listOf(v, def.kind)
        .slice(0, 1)
        .map((o) => [def.list, def.toSpec!(o)]),
    ),
  );
  // A user in the spec needs a number; users with only grants stay out (and so untouched).
  const users = v.userNumbers
    .filter(
      (n) =>
        n.phoneNumber !== null && (n.phoneNumberType === 'DirectRouting' || n.phoneNumberType === 'OperatorConnect'),
    )
    .map((n) => {
      const p = policies.get(identityKey(n.upn));
      const user: UserSpec = {
        upn: n.upn,
        phoneNumber: n.phoneNumber!,
        phoneNumberType: n.phoneNumberType as 'DirectRouting' | 'OperatorConnect',
      };
      for (const g of GRANTS) if (p?.[g.attribute]) user[g.attribute] = p[g.attribute]!;
      return user;
    });
  return {
    apiVersion: 'voiceform/v1',
    customer: { name: customerName, tenantId: current.tenantId, domain },
    prune: false,
    ...objects,
    ...settings,
    users,
  };
}
