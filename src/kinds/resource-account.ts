import type { Problem } from '../errors.js';
import { identityKey } from './identity.js';
import type { KindDef } from './kind-def.js';
import type { Spec } from './spec-document.js';

/** What a resource account is for: the application id New-CsOnlineApplicationInstance is given. */
export type VoiceAppType = 'autoAttendant' | 'callQueue';

/** New-CsOnlineApplicationInstance -ApplicationId (manage-resource-accounts.md). */
export const APPLICATION_IDS: Record<VoiceAppType, string> = {
  autoAttendant: 'ce933385-9390-45d1-9512-c8d228074e07',
  callQueue: '11cd3e2e-fccb-42ad-ad00-878b93575e07',
};

/** "Microsoft Teams Phone Resource Account": the free licence a resource account needs for a number. */
export const RESOURCE_ACCOUNT_SKU = 'PHONESYSTEM_VIRTUALUSER';

/**
 * Resource accounts have no Description: Voiceform's carry this tag in an open extension of their
 * Entra user (`com.voiceform.owner`, read and written through Graph), which no admin tool shows or
 * edits, so an account an admin made is never taken for Voiceform's.
 */
export const OWNER_TAG = 'voiceform';

/**
 * A resource account: the Entra user behind an auto attendant's or call queue's number
 * (`*-CsOnlineApplicationInstance`), with the usage location and licence a number needs. Its
 * number and voice routing policy are `resourceAccountNumber`, written after the voice apps and
 * released before them.
 */
export interface ResourceAccount {
  upn: string;
  displayName: string;
  type: VoiceAppType;
  usageLocation: string | null;
  /** Holds the Teams Phone Resource Account licence. */
  licensed: boolean;
  /** OWNER_TAG when Voiceform made it; null for an admin's. */
  owner: string | null;
}

export interface ResourceAccountSpec {
  upn: string;
  displayName: string;
  type: VoiceAppType;
  /** The site whose country is the usage location (needed for a number). */
  site?: string;
  /** E.164 without an extension, or "auto": the lowest free number of the site's ranges. */
  phoneNumber?: string;
  /** The usage location when there is no site (an exported spec), an ISO country code. */
  usageLocation?: string;
  /** The voice routing policy of a Direct Routing number (default: the site's). */
  voiceRoutingPolicy?: string;
  /** false: an account an admin made, managed as it is without Voiceform's tag (brownfield). */
  owned?: boolean;
}

/** The site of a resource account (case-insensitive), if the spec has it. */
export function siteOfAccount(spec: Spec, a: ResourceAccountSpec) {
  return a.site === undefined ? undefined : spec.sites?.find((s) => identityKey(s.name) === identityKey(a.site!));
}

function checkAccount(a: ResourceAccountSpec, where: (suffix: string) => string): Problem[] {
  const problems: Problem[] = [];
  if (a.phoneNumber !== undefined && a.phoneNumber !== 'auto' && !/^\+[1-9]\d{5,14}$/.test(a.phoneNumber))
    problems.push({
      path: where('/phoneNumber'),
      rule: 'resource-account.number',
      // Set-CsPhoneNumberAssignment refuses extensions for resource accounts (office-docs-powershell PR #10415).
      message: `a resource account's number is E.164 with no extension ("${a.phoneNumber}")`,
    });
  if (a.phoneNumber === 'auto' && a.site === undefined)
    problems.push({
      path: where('/site'),
      rule: 'phone-number.auto',
      message: `"auto" needs the resource account's site, whose number ranges it draws from`,
    });
  else if (a.phoneNumber !== undefined && a.site === undefined && a.usageLocation === undefined)
    problems.push({
      path: where('/site'),
      rule: 'resource-account.site',
      message: `resource account ${a.upn} has a number: give its site (the usage location a number needs comes from the site's country) or its usageLocation`,
    });
  return problems;
}

export const resourceAccountKind: KindDef<'resourceAccount', 'resourceAccounts', ResourceAccount, ResourceAccountSpec> =
  {
    kind: 'resourceAccount',
    list: 'resourceAccounts',
    label: 'resource account',
    identity: 'upn',
    ownership: 'owner-tag',
    dependsOn: [],
    fromSpec: (spec) =>
      (spec.resourceAccounts ?? []).map((a) => ({
        upn: a.upn,
        displayName: a.displayName,
        type: a.type,
        usageLocation: a.usageLocation ?? siteOfAccount(spec, a)?.country ?? null,
        licensed: a.phoneNumber !== undefined,
        owner: a.owned === false ? null : OWNER_TAG,
      })),
    references: (a) => (a.site === undefined ? [] : [{ kind: 'site', name: a.site, path: '/site' }]),
    checkSpecEntry: checkAccount,
  };
