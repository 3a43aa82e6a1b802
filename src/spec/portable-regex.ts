/**
 * Teams evaluates number patterns with .NET regular expressions; Voiceform evaluates them with
 * JavaScript (simulate, tests). A pattern is accepted only in the syntax both engines read the
 * same way, so what `simulate` shows is what Teams will do.
 */
export interface RegexVerdict {
  ok: boolean;
  reason?: string;
  /** Number of capturing groups, for checking `$n` in translations. */
  groups: number;
}

const NET_ONLY_ESCAPES: Record<string, string> = {
  A: '\\A (start of input) is .NET-only; use ^',
  Z: '\\Z is .NET-only; use $',
  z: '\\z is .NET-only; use $',
  G: '\\G is .NET-only',
  p: '\\p{…} Unicode classes read differently in JavaScript without the u flag',
  P: '\\P{…} Unicode classes read differently in JavaScript without the u flag',
  e: '\\e is .NET-only; use \\x1B',
  k: 'named back-references read differently in the two engines; use a numbered one',
};

/** Checks that `pattern` compiles and uses only syntax JavaScript and .NET share. Pure. */
export function checkPortableRegex(pattern: string): RegexVerdict {
  const reason = findUnportable(pattern);
  if (reason) return { ok: false, reason, groups: 0 };
  let groups = 0;
  try {
    // The only way to count groups reliably: an alternation with the empty string always matches.
    groups = (new RegExp(`${pattern}|`).exec('')?.length ?? 1) - 1;
  } catch (err) {
    return { ok: false, reason: `does not compile: ${(err as Error).message.replace(/^Invalid regular expression: /, '')}`, groups: 0 };
  }
  return { ok: true, groups };
}

function findUnportable(p: string): string | undefined {
  let inClass = false;
  let lastWasQuantifier = false;
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === '\\') {
      const next = p[i + 1] ?? '';
      if (!inClass && NET_ONLY_ESCAPES[next]) return NET_ONLY_ESCAPES[next];
      i++;
      lastWasQuantifier = false;
      continue;
    }
    if (inClass) {
      if (c === '-' && p[i + 1] === '[') return 'character-class subtraction [a-z-[aeiou]] is .NET-only';
      if (c === '[' && p[i + 1] === ':') return 'POSIX classes [[:digit:]] are not supported by either engine';
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') {
      inClass = true;
      if (p[i + 1] === '^') i++;
      if (p[i + 1] === ']') i++; // a leading ] is literal in .NET but ends an empty class in JavaScript
      if (p[i] === ']' ) return 'a class starting with ] is read differently by .NET and JavaScript; escape it as \\]';
      lastWasQuantifier = false;
      continue;
    }
    if (c === '(' && p[i + 1] === '?') {
      const why = checkGroupPrefix(p.slice(i + 2));
      if (why) return why;
      lastWasQuantifier = false;
      continue;
    }
    if (c === '+' && lastWasQuantifier) return 'possessive quantifiers (*+, ++, ?+, {n}+) are not supported by JavaScript';
    if (c === '*' || c === '+' || c === '?' || c === '}') {
      // `x??`/`x*?` are lazy (shared); a quantifier followed by + is possessive.
      lastWasQuantifier = c === '?' && lastWasQuantifier ? false : true;
      continue;
    }
    lastWasQuantifier = false;
  }
  return undefined;
}

function checkGroupPrefix(rest: string): string | undefined {
  if (rest.startsWith(':') || rest.startsWith('=') || rest.startsWith('!')) return undefined;
  if (rest.startsWith('<=') || rest.startsWith('<!')) return undefined;
  if (rest.startsWith('>')) return 'atomic groups (?>…) are .NET-only';
  if (rest.startsWith('(')) return 'conditionals (?(…)…) are .NET-only';
  if (rest.startsWith("'")) return "named groups (?'name'…) are .NET-only; use (?<name>…)";
  if (rest.startsWith('P<')) return 'Python-style named groups (?P<…>) are not supported';
  if (rest.startsWith('#')) return 'inline comments (?#…) are .NET-only';
  if (/^<[A-Za-z_][A-Za-z0-9_]*>/.test(rest)) return undefined;
  if (/^<[^>]*-/.test(rest)) return 'balancing groups (?<a-b>…) are .NET-only';
  if (/^[imnsx-]+[):]/.test(rest)) return 'inline options such as (?i) are .NET-only; write the pattern without them';
  return 'unsupported group syntax (?…)';
}

/** Highest `$n` group reference in a translation (`$1`, `${1}`), 0 when none. */
export function highestGroupReference(translation: string): number {
  let max = 0;
  for (const m of translation.matchAll(/\$(?:\{(\d+)\}|(\d))/g)) max = Math.max(max, Number(m[1] ?? m[2]));
  return max;
}
