import { identityKey } from '../kinds/identity.js';
import { LIS_IDENTIFIER_KINDS } from '../kinds/lis-identifiers.js';
import type { Problem } from '../errors.js';
import { renderSpec } from '../render/render-spec.js';
import type { TemplateLibrary } from '../render/library.js';
import { checkNumbers } from './check-numbers.js';
import { checkReferences, checkUniqueNames, entryPath } from './check-references.js';
import { checkRules } from './check-rules.js';
import { checkFragmentSchema, checkSpecSchema } from './check-schema.js';
import type { RenderedSpec, Spec } from '../kinds/spec-document.js';

/** The verdict; `warnings` never make a spec invalid. */
export type SpecVerdict = (
  { ok: true; rendered: RenderedSpec; problems: [] } | { ok: false; problems: Problem[]; rendered?: RenderedSpec }
) & { warnings: Problem[] };

/**
 * Validates a parsed document as a spec: schema first, then templates, then every semantic rule
 * over the rendered whole (so a template's names meet the explicit ones). Collects every problem;
 * never throws for any input.
 */
export function validateSpec(doc: unknown, library: TemplateLibrary): SpecVerdict {
  const schemaProblems = checkSpecSchema(doc);
  if (schemaProblems.length > 0) return { ok: false, problems: schemaProblems, warnings: [] };
  const spec = doc as Spec;
  const { rendered, problems: templateProblems } = renderSpec(spec, library, checkFragmentSchema);
  const all = [
    ...templateProblems,
    ...checkUniqueNames(rendered),
    ...checkReferences(rendered),
    ...checkRules(rendered),
    ...checkNumbers(rendered.spec),
    ...checkOperatorConnectPolicies(spec),
    ...checkSubnetsInLis(rendered),
    ...checkLisIdentifiersUnique(rendered),
  ];
  const problems = all.filter((p) => p.severity !== 'warning');
  const warnings = all.filter((p) => p.severity === 'warning');
  return problems.length === 0
    ? { ok: true, rendered, problems: [], warnings }
    : { ok: false, problems, rendered, warnings };
}

/**
 * A subnet of a network site that the LIS does not know: Teams accepts it, but calls from it carry
 * no location (configure-dynamic-emergency-calling: subnets used in network sites must also be
 * defined in the LIS). A `compliance` failure; here only said.
 */
function checkSubnetsInLis(rendered: RenderedSpec): Problem[] {
  const lis = new Set(
    (rendered.spec.emergencyAddresses ?? []).flatMap((a) => (a.subnets ?? []).map((s) => identityKey(s.subnet))),
  );
  return (rendered.spec.networkSubnets ?? []).flatMap((s, i) =>
    s.networkSite && !lis.has(identityKey(s.subnet))
      ? [
          {
            path: entryPath(rendered, 'networkSubnets', i).where('/subnet'),
            rule: 'emergency.subnet-not-in-lis',
            severity: 'warning' as const,
            message: `subnet ${s.subnet}/${s.maskBits} of network site ${s.networkSite} is not a LIS subnet of any emergency address: emergency calls from it carry no location`,
          },
        ]
      : [],
  );
}

/**
 * A LIS subnet, access point, switch or port maps to one place in the whole tenant (Set-CsOnlineLis*
 * keys it by itself alone): listed under two addresses, or twice under one, the second is an error.
 */
function checkLisIdentifiersUnique(rendered: RenderedSpec): Problem[] {
  const problems: Problem[] = [];
  for (const def of LIS_IDENTIFIER_KINDS) {
    const nameOf = def.specName as (s: object) => string;
    const seen = new Map<string, string>();
    (rendered.spec.emergencyAddresses ?? []).forEach((a, i) => {
      const { where } = entryPath(rendered, 'emergencyAddresses', i);
      (a[def.specList] ?? []).forEach((x, j) => {
        const key = identityKey(nameOf(x));
        const at = where(`/${def.specList}/${j}`);
        const prev = seen.get(key);
        if (prev === undefined) seen.set(key, at);
        else
          problems.push({
            path: at,
            rule: 'unique-name',
            message: `${nameOf(x)} is already mapped at ${prev}: a ${def.label} maps to one place`,
          });
      });
    });
  }
  return problems;
}

/**
 * An Operator Connect user who names a voice routing policy: any route of it that matches sends
 * the user's calls through the customer's SBC instead of the operator (direct-routing-voice-routing.md,
 * "Voice routing policy considerations"). Allowed, but said.
 */
function checkOperatorConnectPolicies(spec: Spec): Problem[] {
  return (spec.users ?? []).flatMap((u, i) =>
    !u.absent && u.phoneNumberType === 'OperatorConnect' && u.voiceRoutingPolicy
      ? [
          {
            path: `/users/${i}/voiceRoutingPolicy`,
            rule: 'operator-connect.voice-routing-policy',
            severity: 'warning' as const,
            message: `${u.upn} has an Operator Connect number: calls matching a route of ${u.voiceRoutingPolicy} leave through your SBC instead of the operator`,
          },
        ]
      : [],
  );
}
