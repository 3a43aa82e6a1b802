import { describe, exportDescription, type KindDef } from './kind-def.js';

/** NotificationMode as the spec spells it → as Teams does (New-CsTeamsEmergencyCallingPolicy.md). */
export const NOTIFICATION_MODES = {
  notificationOnly: 'NotificationOnly',
  conferenceMuted: 'ConferenceMuted',
  conferenceUnMuted: 'ConferenceUnMuted',
} as const;
export type NotificationModeSpec = keyof typeof NOTIFICATION_MODES;
export type NotificationMode = (typeof NOTIFICATION_MODES)[NotificationModeSpec];

/**
 * `*-CsTeamsEmergencyCallingPolicy`: who is told when someone dials an emergency number (Kari's
 * Law's notification), and whether users may enter their own address when away (external lookup).
 */
export interface EmergencyCallingPolicy {
  name: string;
  description: string;
  /** Addresses notified through Teams chat; Teams keeps them as one `;`-separated string. */
  notificationGroup: string[];
  notificationMode: NotificationMode | null;
  notificationDialOutNumber: string;
  externalLocationLookup: boolean;
}

export interface EmergencyCallingPolicySpec {
  name: string;
  description?: string;
  notificationGroup?: string[];
  notificationMode?: NotificationModeSpec;
  notificationDialOutNumber?: string;
  externalLocationLookup?: boolean;
  owned?: boolean;
}

/** Teams' limits (New-CsTeamsEmergencyCallingPolicy.md -NotificationGroup: "a maximum of 10 e-mail addresses"). */
export const EMERGENCY_CALLING_POLICY_LIMITS = { notificationGroup: 10 } as const;

/** A NotificationMode as Teams (or a Microsoft365DSC export) spells it, in any case, as the spec does; undefined for none. */
export const notificationModeSpec = (m: string | null | undefined): NotificationModeSpec | undefined =>
  (Object.keys(NOTIFICATION_MODES) as NotificationModeSpec[]).find(
    (k) => NOTIFICATION_MODES[k].toLowerCase() === m?.toLowerCase(),
  );

export const emergencyCallingPolicyKind: KindDef<
  'emergencyCallingPolicy',
  'emergencyCallingPolicies',
  EmergencyCallingPolicy,
  EmergencyCallingPolicySpec
> = {
  kind: 'emergencyCallingPolicy',
  list: 'emergencyCallingPolicies',
  label: 'emergency calling policy',
  identity: 'name',
  ownership: 'description-marker',
  dependsOn: [],
  caseless: ['notificationGroup'],
  limits: EMERGENCY_CALLING_POLICY_LIMITS,
  fromSpec: (spec) =>
    (spec.emergencyCallingPolicies ?? []).map((p) => ({
      name: p.name,
      description: describe(p),
      notificationGroup: p.notificationGroup ?? [],
      notificationMode: p.notificationMode ? NOTIFICATION_MODES[p.notificationMode] : null,
      notificationDialOutNumber: p.notificationDialOutNumber ?? '',
      externalLocationLookup: p.externalLocationLookup ?? false,
    })),
  toSpec: (p) => ({
    name: p.name,
    ...exportDescription(p.description),
    ...(p.notificationGroup.length ? { notificationGroup: p.notificationGroup } : {}),
    ...(p.notificationMode ? { notificationMode: notificationModeSpec(p.notificationMode) } : {}),
    ...(p.notificationDialOutNumber ? { notificationDialOutNumber: p.notificationDialOutNumber } : {}),
    ...(p.externalLocationLookup ? { externalLocationLookup: true } : {}),
  }),
};
