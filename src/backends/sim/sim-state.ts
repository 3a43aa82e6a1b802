import type { DialPlan, PhoneNumberType, PstnGateway, TranslationRule, VoiceRoute, VoiceRoutingPolicy } from '../../model/tenant-state.js';

/** A directory user of the simulated tenant (Entra ID + Teams voice properties). */
export interface SimUser {
  id: string;
  upn: string;
  displayName: string;
  accountEnabled: boolean;
  usageLocation: string | null;
  /** skuIds of assigned licences. */
  assignedLicenses: string[];
  phoneNumber: string | null;
  phoneNumberType: PhoneNumberType | null;
  enterpriseVoiceEnabled: boolean;
  voiceRoutingPolicy: string | null;
  dialPlan: string | null;
}

export interface SimSku {
  skuId: string;
  skuPartNumber: string;
  enabledUnits: number;
  /** Service plan names, e.g. MCOEV (Teams Phone), MCOPSTN1 (Calling Plan). */
  servicePlans: string[];
}

/** The file format of a simulated tenant (`.voiceform/sim-tenant.json`). */
export interface SimTenantState {
  formatVersion: 1;
  tenantId: string;
  voice: {
    translationRules: TranslationRule[];
    gateways: PstnGateway[];
    /** The Global PSTN usage list. */
    pstnUsages: string[];
    voiceRoutes: VoiceRoute[];
    voiceRoutingPolicies: VoiceRoutingPolicy[];
    dialPlans: DialPlan[];
  };
  users: SimUser[];
  subscribedSkus: SimSku[];
  domains: { id: string; isVerified: boolean }[];
  operatorConnectNumbers: string[];
  /** The app registration later emulators sign in with (sim only; never a real secret). */
  app: { clientId: string; clientSecret: string };
}

export const SIM_FORMAT_VERSION = 1;

export function emptySimTenant(tenantId: string, app: SimTenantState['app']): SimTenantState {
  return {
    formatVersion: SIM_FORMAT_VERSION,
    tenantId,
    voice: { translationRules: [], gateways: [], pstnUsages: [], voiceRoutes: [], voiceRoutingPolicies: [], dialPlans: [] },
    users: [],
    subscribedSkus: [],
    domains: [],
    operatorConnectNumbers: [],
    app,
  };
}
