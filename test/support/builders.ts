import { loadTemplateLibrary } from '../../src/load/template-library.js';
import type { TemplateLibrary } from '../../src/render/library.js';
import type { Spec } from '../../src/kinds/spec-document.js';

let library: TemplateLibrary | undefined;
export async function builtinLibrary(): Promise<TemplateLibrary> {
  library ??= await loadTemplateLibrary();
  return library;
}

export const TENANT_ID = '6f1c2a9e-3b4d-4e8f-9a1b-2c3d4e5f6a7b';

/** A small, valid spec: one GB site from the standard template, one explicit route, two users. */
export function validSpec(): Spec {
  return {
    apiVersion: 'voiceform/v1',
    customer: { name: 'Contoso', tenantId: TENANT_ID, domain: 'contoso.com' },
    gateways: [{ fqdn: 'sbc1.contoso.com', sipSignalingPort: 5067, enabled: true }],
    sites: [
      {
        name: 'London',
        country: 'GB',
        template: 'country-standard',
        params: { areaCode: '20' },
        gateways: ['sbc1.contoso.com'],
        numberRanges: [{ from: '+442071234000', to: '+442071234099' }],
      },
    ],
    pstnUsages: ['Contoso-Special'],
    voiceRoutes: [
      {
        name: 'Contoso-Special',
        numberPattern: '^\\+4420\\d{8}$',
        priority: 1,
        gateways: ['sbc1.contoso.com'],
        pstnUsages: ['Contoso-Special'],
      },
    ],
    voiceRoutingPolicies: [{ name: 'Contoso-Special', pstnUsages: ['GB-London-Emergency', 'Contoso-Special'] }],
    dialPlans: [],
    translationRules: [],
    users: [
      { upn: 'alice@contoso.com', phoneNumber: '+442071234001', site: 'London' },
      { upn: 'bob@contoso.com', phoneNumber: 'auto', site: 'London', voiceRoutingPolicy: 'Contoso-Special' },
    ],
  };
}
