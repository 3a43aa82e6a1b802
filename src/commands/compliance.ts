import type { Config } from '../config.js';
import { openReader } from '../backends/open/open-tenant.js';
import { evaluateCompliance, type SiteFacts } from '../compliance/evaluate.js';
import { formatComplianceHtml, formatComplianceText } from '../compliance/format-compliance.js';
import type { IoHost } from '../io/io-host.js';
import { GRANTS } from '../kinds/grants.js';
import { presentUsers, type SiteEmergencySpec, type Spec } from '../kinds/spec-document.js';
import { readSpec } from '../load/read-spec.js';

export interface ComplianceOptions {
  tenant?: string;
  format: 'text' | 'json' | 'html';
  detailedExitcode?: boolean;
  country?: string;
  templates?: string;
  deviceCode?: boolean;
  cloud?: string;
}

/**
 * `voiceform compliance SPEC`: every site and user of the spec against the emergency calling rules
 * (US: Kari's Law and RAY BAUM's Act; elsewhere the checks that apply), on the spec's desired state
 * or, with `--tenant`, on what the tenant holds. Exit 0; with --detailed-exitcode 2 when a check fails.
 */
export async function complianceCommand(
  file: string,
  options: ComplianceOptions,
  io: IoHost,
  config: Config,
): Promise<number> {
  const { raw, rendered, desired, library } = await readSpec(file, options.templates);
  const spec = rendered.spec;
  const source = raw as Spec;
  const sites: SiteFacts[] = (spec.sites ?? []).map((s, i) => {
    const block: SiteEmergencySpec | undefined = source.sites?.[i]?.emergency;
    return {
      name: s.name,
      country: s.country,
      grants: Object.fromEntries(GRANTS.flatMap((g) => (s[g.attribute] ? [[g.attribute, s[g.attribute]]] : []))),
      ...(block?.routingProvider ? { routingProvider: block.routingProvider } : {}),
      ...(block?.outsideLinePrefix ? { outsideLinePrefix: block.outsideLinePrefix } : {}),
    };
  });
  const users = presentUsers(spec).map((u) => ({ upn: u.upn, site: u.site ?? null }));
  let voice = desired.voice;
  let addressValidation: Record<string, string> | undefined;
  if (options.tenant) {
    const backend = await openReader(options.tenant, config, {
      tenantId: desired.tenantId,
      deviceCode: options.deviceCode,
      cloud: options.cloud,
      say: (t) => io.err(t),
    });
    try {
      const current = await backend.read({ users: users.map((u) => u.upn) });
      voice = current.voice;
      addressValidation = current.directory.addressValidation;
    } finally {
      await backend.close();
    }
  }
  const report = evaluateCompliance({
    voice,
    sites,
    users,
    emergencyNumbers: (country) => library.countries.get(country)?.emergencyNumbers ?? [],
    country: options.country ?? null,
    evaluated: options.tenant ? 'tenant' : 'spec',
    ...(addressValidation ? { addressValidation } : {}),
  });
  io.out(
    options.format === 'json'
      ? JSON.stringify(report, null, 2)
      : options.format === 'html'
        ? formatComplianceHtml(report)
        : formatComplianceText(report),
  );
  return options.detailedExitcode && report.summary.fail > 0 ? 2 : 0;
}
