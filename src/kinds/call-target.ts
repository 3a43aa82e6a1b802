import type { Problem } from '../errors.js';

/**
 * Where a main-number call is sent: a person, another voice app, the PSTN, a group's voicemail, or
 * nowhere. The spec writes it as an object with one key (`{ "callQueue": "Sales" }`); the model as
 * `type:value` text, so a changed target is one attribute change in the plan.
 */
export type CallTargetSpec =
  | { user: string }
  | { callQueue: string }
  | { autoAttendant: string }
  | { pstn: string }
  | { voicemail: string }
  | { sharedVoicemail: string }
  | { disconnect: true };

/**
 * `resourceAccount` is what a transfer to a voice app is in Teams: a call to the app's resource
 * account (an ApplicationEndpoint callable entity). The spec names the queue or attendant; the model
 * holds its resource account, so neither kind needs the other (a queue may overflow to the
 * attendant that sends callers to it). A `callQueue:`/`autoAttendant:` target in the model is one
 * the spec does not define: the plan resolves it against the tenant.
 */
export type TargetType =
  'user' | 'callQueue' | 'autoAttendant' | 'resourceAccount' | 'pstn' | 'voicemail' | 'sharedVoicemail' | 'disconnect';

/** `resourceAccount:sales-cq@contoso.com`, `pstn:+12125550199`, `disconnect`. */
export type CallTarget = string;

export const DISCONNECT: CallTarget = 'disconnect';

/** The model's target for a spec's; `accountOf` finds a voice app of the spec's resource account. */
export function targetOf(
  spec: CallTargetSpec | undefined,
  accountOf: (type: 'callQueue' | 'autoAttendant', name: string) => string | undefined = () => undefined,
): CallTarget {
  if (!spec || 'disconnect' in spec) return DISCONNECT;
  const [type, value] = Object.entries(spec)[0] as [TargetType, string];
  // A group's voicemail is Teams' SharedVoicemail target in attendants and queues alike: one spelling in the model.
  if (type === 'voicemail') return `sharedVoicemail:${value}`;
  if (type === 'callQueue' || type === 'autoAttendant') {
    const account = accountOf(type, value);
    if (account) return `resourceAccount:${account}`;
  }
  return `${type}:${value}`;
}

/** A model target's type: the spec's `voicemail` is held as `sharedVoicemail` (targetOf). */
export type ModelTargetType = Exclude<TargetType, 'voicemail'>;

export function parseTarget(target: CallTarget): { type: ModelTargetType; value: string } {
  if (target === DISCONNECT) return { type: 'disconnect', value: '' };
  const at = target.indexOf(':');
  return { type: target.slice(0, at) as ModelTargetType, value: target.slice(at + 1) };
}

/** The spec's target for a model's: a resource account becomes the voice app it belongs to, by name. */
export function targetSpec(
  target: CallTarget,
  appOf: (upn: string) => { type: 'callQueue' | 'autoAttendant'; name: string } | undefined,
): CallTargetSpec {
  const { type, value } = parseTarget(target);
  if (type === 'disconnect') return { disconnect: true };
  if (type === 'resourceAccount') {
    const app = appOf(value);
    // An account no voice app has cannot be a spec target; Teams would not ring anything there either.
    return (app ? { [app.type]: app.name } : { disconnect: true }) as CallTargetSpec;
  }
  return { [type]: value } as CallTargetSpec;
}

/** Words for a target in messages and `simulate --call`: `call queue Sales`. */
export function describeTarget(target: CallTarget): string {
  const { type, value } = parseTarget(target);
  const words: Record<TargetType, string> = {
    user: 'user',
    callQueue: 'call queue',
    autoAttendant: 'auto attendant',
    resourceAccount: 'the voice app of resource account',
    pstn: 'the PSTN number',
    voicemail: 'the voicemail of group',
    sharedVoicemail: 'the shared voicemail of group',
    disconnect: 'disconnected',
  };
  return type === 'disconnect' ? words.disconnect : `${words[type]} ${value}`;
}

/** Rules for one target beyond the schema: the PSTN number is E.164 without an extension. */
export function checkTarget(spec: CallTargetSpec | undefined, path: string): Problem[] {
  if (spec && 'pstn' in spec && !/^\+[1-9]\d{5,14}$/.test(spec.pstn))
    return [
      {
        path: `${path}/pstn`,
        rule: 'main-number.target',
        message: `a PSTN transfer target must be an E.164 number with no extension ("${spec.pstn}")`,
      },
    ];
  return [];
}
