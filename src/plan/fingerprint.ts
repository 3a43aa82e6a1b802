import { identityKey } from '../kinds/identity.js';
import { KINDS, listOf, type TenantVoiceState } from '../kinds/registry.js';
import { canonicalJson, sha256 } from './canonical-json.js';

/** A fingerprint of a tenant's voice state, independent of the order objects were read in. */
export function fingerprintState(tenantId: string, voice: TenantVoiceState): string {
  const sorted = Object.fromEntries(
    KINDS.map(({ kind, list, identity }) => {
      const keyOf = (o: object): string => identityKey(String((o as Record<string, unknown>)[identity]));
      return [
        list,
        [...(listOf(voice, kind) as object[])].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0)),
      ];
    }),
  );
  return sha256(canonicalJson({ tenantId: identityKey(tenantId), voice: sorted }));
}

/** The hash of a spec document as written. */
export function hashSpec(raw: unknown): string {
  return sha256(canonicalJson(raw));
}
