/**
 * The two `$filter` forms the emulator understands on users: `userPrincipalName eq 'x'` and
 * `userPrincipalName in ('a','b')` (string literals with '' for a quote). Returns the UPNs, or
 * undefined for anything else.
 */
export function parseUpnFilter(filter: string): string[] | undefined {
  const literal = String.raw`'((?:[^']|'')*)'`;
  const eq = new RegExp(String.raw`^\s*userPrincipalName\s+eq\s+${literal}\s*$`, 'i').exec(filter);
  if (eq) return [eq[1]!.replace(/''/g, "'")];
  const inList = /^\s*userPrincipalName\s+in\s+\((.*)\)\s*$/i.exec(filter);
  if (!inList) return undefined;
  const values: string[] = [];
  const re = new RegExp(String.raw`\s*${literal}\s*(,|$)`, 'gy');
  let m: RegExpExecArray | null;
  while (re.lastIndex < inList[1]!.length && (m = re.exec(inList[1]!))) values.push(m[1]!.replace(/''/g, "'"));
  return re.lastIndex >= inList[1]!.length || values.length > 0 ? values : undefined;
}
