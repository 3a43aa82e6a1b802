import type { TenantVoiceState } from '../model/tenant-state.js';
import { canonicalJson, sha256 } from './canonical-json.js';

const keyOf = (o: object): string => String((o as { name?: string; fqdn?: string; upn?: string }).name ?? (o as { fqdn?: string }).fqdn ?? (o as { upn?: string }).upn).toLowerCase();

/** A fingerprint of a tenant's voice state, independent of the order objects were read in. */
export function fingerprintState(tenantId: string, voice: TenantVoiceState): string {
  const sorted = Object.fromEntries(
    Object.entries(voice).map(([kind, list]) => [kind, [...(list as object[])].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0))]),
  );
  return sha256(canonicalJson({ tenantId: tenantId.toLowerCase(), voice: sorted }));
}

/** The hash of a spec document as written. */
export function hashSpec(raw: unknown): string {
  return sha256(canonicalJson(raw));
}
