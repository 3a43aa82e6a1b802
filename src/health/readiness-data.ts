import { readFileSync } from 'node:fs';

/** One root certificate Microsoft's SIP proxies chain to (sbc-readiness.json `roots`). */
export interface RootCa {
  label: string;
  /** The subject DN, RFC 2253 attributes in the order C, O, OU, CN (`\,` escapes a comma in a value). */
  subject: string;
  sha1: string;
  serial: string;
  expires?: string;
}

/** A firmware minimum a vendor set for one platform change. */
export interface FirmwareMinimum {
  vendor: string;
  minimum: string;
  fix: string;
  source: string;
}

/** A known platform change the radar evaluates; a future one is one more entry. */
export interface PlatformChange {
  /** The Message Center id when there is one (notices are matched by it). */
  id: string;
  title: string;
  check: 'trust-store' | 'renewal-eku';
  needs: string;
  /** trust-store: the labels of the roots an SBC must trust. */
  roots?: string[];
  trustBy?: string;
  /** The day an unready SBC stops working (trust-store). */
  breaksOn?: string;
  /** renewal-eku: certificates issued from this day on lack the Client Authentication EKU. */
  from?: string;
  datesNote?: string;
  howToCheck: string;
  firmware?: FirmwareMinimum[];
  sources: string[];
}

export interface VendorPattern {
  vendor: string;
  /** A regular expression with the named groups `product` and `version`, over the Server/User-Agent header. */
  pattern: string;
  examples: { header: string; product: string; version: string }[];
}

export interface CertifiedEntry {
  vendor: string;
  /** A prefix of the product name the entry covers ('' for all of the vendor's). */
  product: string;
  /** Documented versions: a later one in the same major.minor is certified too. */
  documented: string[];
  /** Any version from this one on is certified. */
  orLater?: string;
  text: string;
}

/** Which CAs Microsoft accepts for an SBC's own certificate, per cloud (null roots: the public CAs). */
export interface SbcCertificateCas {
  source: string;
  clouds: Record<string, { rule: string; roots: string[] | null }>;
}

export interface ReadinessData {
  roots: RootCa[];
  sbcCertificateCas: SbcCertificateCas;
  changes: PlatformChange[];
  vendors: VendorPattern[];
  certified: { source: string; rule: string; entries: CertifiedEntry[] };
}

let cached: ReadinessData | undefined;

/** The packaged data file (data/sbc-readiness.json). */
export function readinessData(): ReadinessData {
  cached ??= JSON.parse(
    readFileSync(new URL('../../data/sbc-readiness.json', import.meta.url), 'utf8'),
  ) as ReadinessData;
  return cached;
}

/** `7.40A.600` → [7, 40, 'A', 600]: numbers compare as numbers, letters as text. Pure. */
function tokens(version: string): (number | string)[] {
  return [...version.toLowerCase().matchAll(/\d+|[a-z]+/g)].map((m) => (/^\d/.test(m[0]) ? Number(m[0]) : m[0]));
}

/** Negative, zero or positive as `a` is older than, the same as or newer than `b`. Pure. */
export function compareVersions(a: string, b: string): number {
  const x = tokens(a);
  const y = tokens(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const p = x[i];
    const q = y[i];
    if (p === undefined) return -1;
    if (q === undefined) return 1;
    if (p === q) continue;
    if (typeof p === 'number' && typeof q === 'number') return p - q;
    return String(p) < String(q) ? -1 : 1;
  }
  return 0;
}

/** `7.40A.600` → `7.40a`, `17.6.1a` → `17.6`, `12` → `12`: the line a version belongs to. Pure. */
export function majorMinor(version: string): string {
  return version.toLowerCase().split('.').slice(0, 2).join('.');
}
