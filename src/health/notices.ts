import type { ServiceMessage } from '../model/call-records.js';

export interface Notice {
  id: string;
  title: string;
  actionRequiredBy: string | null;
  lastModified: string;
  /** What made it relevant: the words it matched. */
  matched: string[];
}

const WORDS: [string, RegExp][] = [
  ['Direct Routing', /direct\s+routing/i],
  ['SBC', /\bSBCs?\b|session border controller/i],
  ['certificate', /certificate|\broot\s+CA\b|trusted\s+root/i],
  ['TLS', /\bTLS\b/i],
  ['SIP', /\bSIP\b/i],
];

/**
 * Message Center posts that can break an SBC (Direct Routing, SBC, certificates, TLS, SIP): those
 * with an action-required date still ahead, or changed in the last 90 days; soonest deadline
 * first. Pure.
 */
export function directRoutingNotices(messages: ServiceMessage[], now: Date): Notice[] {
  const recent = now.getTime() - 90 * 86_400_000;
  return messages
    .map((m) => ({
      m,
      matched: WORDS.filter(([, re]) => re.test(m.title) || re.test(m.body?.content ?? '')).map(([w]) => w),
    }))
    .filter(
      ({ m, matched }) =>
        matched.length > 0 &&
        ((m.actionRequiredByDateTime && Date.parse(m.actionRequiredByDateTime) >= now.getTime()) ||
          Date.parse(m.lastModifiedDateTime) >= recent),
    )
    .map(({ m, matched }) => ({
      id: m.id,
      title: m.title,
      actionRequiredBy: m.actionRequiredByDateTime,
      lastModified: m.lastModifiedDateTime,
      matched,
    }))
    .sort(
      (a, b) =>
        (a.actionRequiredBy ?? '9999').localeCompare(b.actionRequiredBy ?? '9999') ||
        b.lastModified.localeCompare(a.lastModified),
    );
}
