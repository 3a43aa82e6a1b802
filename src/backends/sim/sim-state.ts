import type { ServiceMessage } from '../../model/call-records.js';
import type { GrantAttribute } from '../../kinds/grants.js';
import { TENANT_KINDS, type ListOf, type ModelOf, type TenantKind } from '../../kinds/registry.js';
import type { PhoneNumberType } from '../../model/tenant-state.js';
import type { VoiceAppType } from '../../kinds/resource-account.js';

/** A directory user of the simulated tenant (Entra ID + Teams voice properties). */
export type SimUser = {
  id: string;
  upn: string;
  displayName: string;
  accountEnabled: boolean;
  usageLocation: string | null;
  /** skuIds of assigned licences. */
  assignedLicenses: string[];
  /** skuId → service plan names switched off in that licence (Graph's assignedLicenses[].disabledPlans). */
  disabledPlans?: Record<string, string[]>;
  phoneNumber: string | null;
  phoneNumberType: PhoneNumberType | null;
  enterpriseVoiceEnabled: boolean;
  /**
   * Get-CsOnlineUser's AccountType for a row that is not a user (absent: `User`): a resource
   * account (an auto attendant's or call queue's), a guest. Such rows are no users to manage.
   */
  accountType?: 'ResourceAccount' | 'Guest';
  /** A resource account's application (New-CsOnlineApplicationInstance -ApplicationId), as a voice app type. */
  applicationType?: VoiceAppType;
  /** The `owner` of the resource account's `com.voiceform.owner` open extension (Voiceform's tag). */
  owner?: string | null;
} & {
  /** Per-user policy grants by attribute of kinds/grants.ts (absent or null: Global). */
  [A in GrantAttribute]?: string | null;
};

export interface SimSku {
  skuId: string;
  skuPartNumber: string;
  enabledUnits: number;
  /** Service plan names, e.g. MCOEV (Teams Phone), MCOPSTN1 (Calling Plan). */
  servicePlans: string[];
  /** Graph's subscribedSku.capabilityStatus (absent: Enabled); a Suspended or LockedOut SKU has no seats to give. */
  capabilityStatus?: 'Enabled' | 'Warning' | 'Suspended' | 'Deleted' | 'LockedOut';
}

/** The tenant-wide voice objects, one list per tenant kind of the registry (the Global usage list included). */
export type SimVoice = { [K in TenantKind as ListOf<K>]: ModelOf<K>[] };

/** The file format of a simulated tenant (`.voiceform/sim-tenant.json`). */
export interface SimTenantState {
  formatVersion: 1;
  tenantId: string;
  voice: SimVoice;
  users: SimUser[];
  subscribedSkus: SimSku[];
  /** Entra domains; `teamsEnabled: false` is verified but not yet enabled for Teams (Get-CsTenant shows it pending). */
  domains: { id: string; isVerified: boolean; teamsEnabled?: boolean }[];
  operatorConnectNumbers: string[];
  /** Message Center posts the Graph emulator serves (serviceAnnouncement/messages); tests and demos add them. */
  serviceMessages?: ServiceMessage[];
  /** The app registration later emulators sign in with (sim only; never a real secret). */
  /**
   * The app Voiceform signs in as. `graphRoles`: the Graph application permissions admin-consented
   * to it (the `roles` of its Graph tokens; absent: every one Voiceform uses).
   */
  app: { clientId: string; clientSecret: string; graphRoles?: string[] };
  /**
   * Get-CsPhoneNumberTenantConfiguration's assignment blocks: whether a removed number is blocked
   * from reassignment (absent: off, the emulator's choice: Microsoft documents no default). Its
   * mail settings are a kind of their own (voice.phoneNumberTenantConfiguration).
   */
  numberSettings?: NumberSettings;
  /**
   * Policies assigned to telephone numbers (Set-CsPhoneNumberPolicyAssignment, 2025): for calls on
   * that number they override the user's own grant. Numbers as the cmdlet prints them (digits).
   */
  numberPolicies?: { telephoneNumber: string; policyType: string; policyName: string }[];
  /** Online schedules the cmdlet API made (auto attendants' business hours and holidays). */
  schedules?: SimSchedule[];
  /**
   * The ids the Location Information Service gave addresses (`address:<name>`, with
   * `default:<name>` for the default location New-CsOnlineLisCivicAddress makes) and places
   * (`place:<address/place>`), lower-cased names; the emulator's.
   */
  lisIds?: Record<string, string>;
  /** Lower-cased auto attendant name → the schedules and call flows its handling uses. */
  attendantLinks?: Record<string, SimAttendantLinks>;
}

/** An online schedule (New-CsOnlineSchedule): weekly ranges per day, or fixed dates; the emulator's. */
export interface SimSchedule {
  id: string;
  name: string;
  /** Weekly: `HH:MM-HH:MM` per day; `complement`: the schedule is in force outside them. */
  weekly?: Partial<
    Record<'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday' | 'sunday', string[]>
  >;
  complement?: boolean;
  /** Fixed: whole days, `YYYY-MM-DD`. */
  dates?: string[];
}

/** Which schedules and call flows an auto attendant's after-hours and holiday handling use (by the emulator). */
export interface SimAttendantLinks {
  afterHours?: { scheduleId: string; callFlowId: string };
  holidays: Record<string, { scheduleId: string; callFlowId: string }>;
}

export interface NumberSettings {
  assignmentBlockedForever: boolean;
  assignmentBlockedDays: number | null;
}

/** A tenant file (or seed) of before the mail settings became a kind kept them with the blocks. */
export type EarlierNumberSettings = NumberSettings & {
  assignmentEmailEnabled?: boolean;
  unassignmentEmailEnabled?: boolean;
};

export const SIM_FORMAT_VERSION = 1;

export function emptySimVoice(): SimVoice {
  return Object.fromEntries(TENANT_KINDS.map((k) => [k.list, []])) as unknown as SimVoice;
}

export function emptySimTenant(tenantId: string, app: SimTenantState['app']): SimTenantState {
  return {
    formatVersion: SIM_FORMAT_VERSION,
    tenantId,
    voice: emptySimVoice(),
    users: [],
    subscribedSkus: [],
    domains: [],
    operatorConnectNumbers: [],
    app,
  };
}

/**
 * A tenant file written by an earlier Voiceform: lists of kinds added since are empty, and the
 * Global usage list, once plain strings, holds `{name}` objects like every other kind.
 */
export function upgradeSimState(state: SimTenantState): SimTenantState {
  const voice = state.voice as unknown as Record<string, unknown[] | undefined>;
  for (const k of TENANT_KINDS) voice[k.list] ??= [];
  voice.pstnUsages = voice.pstnUsages!.map((u) => (typeof u === 'string' ? { name: u } : u));
  // Every tenant has its number defaults (Get-CsPhoneNumberTenantConfiguration always answers).
  const earlier = state.numberSettings as EarlierNumberSettings | undefined;
  if (state.voice.phoneNumberTenantConfiguration.length === 0)
    state.voice.phoneNumberTenantConfiguration.push({
      name: 'Global',
      assignmentEmailEnabled: earlier?.assignmentEmailEnabled ?? false,
      unassignmentEmailEnabled: earlier?.unassignmentEmailEnabled ?? false,
    });
  if (earlier) {
    delete earlier.assignmentEmailEnabled;
    delete earlier.unassignmentEmailEnabled;
  }
  return state;
}
