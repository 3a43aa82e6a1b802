/**
 * The case rule, in one place: Teams compares identities (policy and route names, FQDNs, UPNs,
 * domains, tenant ids) without case, so two are the same when their keys are equal. Display
 * always keeps the case as written.
 */
export const identityKey = (name: string): string => name.toLowerCase();

/** Whether two identities name the same object (Teams' comparison). */
export const sameName = (a: string, b: string): boolean => identityKey(a) === identityKey(b);

/**
 * A policy's name from the identity Teams prints for it (`Tag:Name` → `Name`; `Global` stays), as
 * Get-Cs* and Microsoft365DSC exports write it.
 */
export const bareName = (identity: unknown): string =>
  (identity === null || identity === undefined ? '' : String(identity)).replace(/^tag:/i, '');
