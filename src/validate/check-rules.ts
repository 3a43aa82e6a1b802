import { identityKey } from '../kinds/identity.js';
import type { Problem } from '../errors.js';
import { DIAL_PLAN_LIMITS } from '../kinds/dial-plan.js';
import { GATEWAY_LIMITS } from '../kinds/gateway.js';
import { TRANSLATION_RULE_LIMITS } from '../kinds/translation-rule.js';
import { entryPath } from './check-references.js';
import { checkPortableRegex, highestGroupReference } from './portable-regex.js';
import type { RenderedSpec } from '../kinds/spec-document.js';

/** Teams limits (reference/teams-cmdlets.md §0.4), kept with their kinds. */
const LIMITS = {
  normalizationRulesPerDialPlan: DIAL_PLAN_LIMITS.normalizationRules,
  translationRulesPerTenant: TRANSLATION_RULE_LIMITS.perTenant,
  fqdnLength: GATEWAY_LIMITS.fqdnLength,
};

/** Regex portability, `$n` references and Teams limits. Pure; collects all problems. */
export function checkRules({ spec, origins }: RenderedSpec): Problem[] {
  const problems: Problem[] = [];
  const regex = (pattern: string, path: string, translation?: string, translationPath?: string): void => {
    const verdict = checkPortableRegex(pattern);
    if (!verdict.ok) {
      problems.push({ path, rule: 'regex', message: `pattern ${JSON.stringify(pattern)} ${verdict.reason}` });
      return;
    }
    if (translation !== undefined) {
      const highest = highestGroupReference(translation);
      if (highest > verdict.groups) {
        problems.push({
          path: translationPath ?? path,
          rule: 'regex.group-reference',
          message: `translation ${JSON.stringify(translation)} uses $${highest} but the pattern has ${verdict.groups} capturing group(s)`,
        });
      }
    }
  };
  const where = (list: keyof RenderedSpec['origins'], i: number, suffix: string): string =>
    entryPath({ spec, origins }, list, i).where(suffix);

  (spec.voiceRoutes ?? []).forEach((r, i) => regex(r.numberPattern, where('voiceRoutes', i, '/numberPattern')));
  (spec.translationRules ?? []).forEach((t, i) =>
    regex(
      t.pattern,
      where('translationRules', i, '/pattern'),
      t.translation,
      where('translationRules', i, '/translation'),
    ),
  );
  (spec.dialPlans ?? []).forEach((d, i) => {
    if (d.normalizationRules.length > LIMITS.normalizationRulesPerDialPlan) {
      problems.push({
        path: where('dialPlans', i, '/normalizationRules'),
        rule: 'limit.normalization-rules',
        message: `dial plan ${d.name} has ${d.normalizationRules.length} normalization rules; Teams allows at most ${LIMITS.normalizationRulesPerDialPlan}`,
      });
    }
    d.normalizationRules.forEach((r, j) =>
      regex(
        r.pattern,
        where('dialPlans', i, `/normalizationRules/${j}/pattern`),
        r.translation,
        where('dialPlans', i, `/normalizationRules/${j}/translation`),
      ),
    );
  });
  const translationCount = spec.translationRules?.length ?? 0;
  if (translationCount > LIMITS.translationRulesPerTenant) {
    problems.push({
      path: '/translationRules',
      rule: 'limit.translation-rules',
      message: `${translationCount} translation rules; Teams allows at most ${LIMITS.translationRulesPerTenant} per tenant`,
    });
  }
  problems.push(
    ...checkGatewayDomains(
      spec.customer.domain,
      (spec.gateways ?? []).map((g) => g.fqdn),
    ),
  );
  return problems;
}

/** An SBC FQDN must sit in (or under) the customer's domain and never in *.onmicrosoft.com. */
function checkGatewayDomains(customerDomain: string, fqdns: string[]): Problem[] {
  const problems: Problem[] = [];
  const domain = identityKey(customerDomain);
  fqdns.forEach((fqdn, i) => {
    const host = identityKey(fqdn);
    const path = `/gateways/${i}/fqdn`;
    if (host.length > LIMITS.fqdnLength) {
      problems.push({
        path,
        rule: 'limit.fqdn-length',
        message: `SBC FQDN is ${host.length} characters; Teams allows at most ${LIMITS.fqdnLength}`,
      });
    }
    if (host.endsWith('.onmicrosoft.com')) {
      problems.push({
        path,
        rule: 'gateway.domain',
        message: `SBC FQDN ${fqdn} is in *.onmicrosoft.com, which Teams does not allow for SBCs`,
      });
    } else if (!(host === domain || host.endsWith(`.${domain}`))) {
      problems.push({
        path,
        rule: 'gateway.domain',
        message: `SBC FQDN ${fqdn} is not in the customer's domain ${customerDomain}`,
      });
    }
  });
  return problems;
}
