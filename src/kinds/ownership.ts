/**
 * Ownership marker. Objects Voiceform creates carry it at the start of their Description, so a
 * later plan can tell its own objects from the ones an admin made by hand (never touched).
 */
export const OWNER_MARKER = '[voiceform]';

/** The Description stored in the tenant for a spec's description (verbatim after the marker). */
export function markDescription(description: string | undefined): string {
  return description ? `${OWNER_MARKER} ${description}` : OWNER_MARKER;
}

export function isMarked(description: string | undefined | null): boolean {
  return typeof description === 'string' && description.startsWith(OWNER_MARKER);
}

/** The spec-level description behind a stored one (inverse of markDescription). */
export function unmarkDescription(description: string): string {
  if (!isMarked(description)) return description;
  const rest = description.slice(OWNER_MARKER.length);
  return rest.startsWith(' ') ? rest.slice(1) : rest;
}
