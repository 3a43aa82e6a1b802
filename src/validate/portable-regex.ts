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
  const reason = findUnportable(pattern) ?? backtrackingReason(pattern);
  if (reason) return { ok: false, reason, groups: 0 };
  let groups = 0;
  try {
    // The only way to count groups reliably: an alternation with the empty string always matches.
    groups = (new RegExp(`${pattern}|`).exec('')?.length ?? 1) - 1;
  } catch (err) {
    return {
      ok: false,
      reason: `does not compile: ${(err as Error).message.replace(/^Invalid regular expression: /, '')}`,
      groups: 0,
    };
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
      if (p[i] === ']') return 'a class starting with ] is read differently by .NET and JavaScript; escape it as \\]';
      lastWasQuantifier = false;
      continue;
    }
    if (c === '(' && p[i + 1] === '?') {
      const why = checkGroupPrefix(p.slice(i + 2));
      if (why) return why;
      lastWasQuantifier = false;
      continue;
    }
    if (c === '+' && lastWasQuantifier)
      return 'possessive quantifiers (*+, ++, ?+, {n}+) are not supported by JavaScript';
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

/** Why a pattern can backtrack without end on a long input, or undefined. Pure. */
export function backtrackingReason(pattern: string): string | undefined {
  return findCatastrophic(pattern) ?? findAdjacentOverlap(pattern);
}

/**
 * Patterns that can take exponential time (catastrophic backtracking) in both engines: a repeated
 * group that itself holds an unbounded repetition (`(\d+)+`, `(\d*)*`), or a repeated group whose
 * alternatives repeat one another (`(a|a)*`). Teams would time out on them; `simulate` would hang.
 */
function findCatastrophic(p: string): string | undefined {
  const open: { start: number; unbounded: boolean }[] = [];
  let inClass = false;
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '(') open.push({ start: i, unbounded: false });
    else if (c === '*' || c === '+' || (c === '{' && /^\{\d+,\}/.test(p.slice(i)))) {
      if (p[i - 1] !== '(' && open.length > 0) open[open.length - 1]!.unbounded = true;
    } else if (c === ')') {
      const group = open.pop();
      if (!group) continue;
      const repeated = /^(?:[*+]|\{\d+,\d*\})/.exec(p.slice(i + 1));
      const body = p.slice(group.start + 1, i).replace(/^\?(?::|<[A-Za-z_]\w*>)/, '');
      if (repeated && group.unbounded)
        return `${p.slice(group.start, i + 1 + repeated[0].length)} repeats a repetition: it can take exponential time on a long input (catastrophic backtracking)`;
      if (repeated && new Set(topLevelAlternatives(body)).size < topLevelAlternatives(body).length)
        return `${p.slice(group.start, i + 1 + repeated[0].length)} repeats alternatives that match the same text: it can take exponential time (catastrophic backtracking)`;
      // An unbounded repetition inside makes the enclosing group unbounded too.
      if (group.unbounded && open.length > 0) open[open.length - 1]!.unbounded = true;
    }
  }
  return undefined;
}

/** The alternatives of a group body at its own level (`a|b(c|d)` → `a`, `b(c|d)`). */
function topLevelAlternatives(body: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === '\\') i++;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      out.push(body.slice(from, i));
      from = i + 1;
    }
  }
  out.push(body.slice(from));
  return out;
}

/** Characters a dialled string is made of: what two repetitions could both take. */
const DIAL_ALPHABET = [...'0123456789+*#;=.,-_ ()/abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'];

/** The characters of DIAL_ALPHABET a single-character atom matches (undefined when it does not compile). */
function charsOf(atom: string): Set<string> | undefined {
  try {
    const re = new RegExp(`^(?:${atom})$`);
    return new Set(DIAL_ALPHABET.filter((c) => re.test(c)));
  } catch {
    return undefined;
  }
}

/**
 * Three or more unbounded repetitions side by side that can take the same characters
 * (`\d*\d*\d*`, `[0-9]+\d*.*`): on an input that fails to match, the engine tries every way to
 * share the characters between them — polynomial in the length, to the power of their number. A
 * run is broken by anything else (a literal they cannot take, a group, an alternation).
 */
function findAdjacentOverlap(p: string): string | undefined {
  let run: { text: string; chars: Set<string> }[] = [];
  const report = (): string | undefined =>
    run.length >= 3
      ? `${run.map((a) => a.text).join('')} puts ${run.length} repetitions side by side that match the same characters: on a long input that fails, the engine tries every way to share it between them (polynomial backtracking); merge them into one`
      : undefined;
  for (let i = 0; i < p.length;) {
    let atom: string;
    const c = p[i]!;
    if (c === '\\') atom = p.slice(i, i + 2);
    else if (c === '[') {
      let j = i + 1;
      if (p[j] === '^') j++;
      if (p[j] === ']') j++;
      while (j < p.length && p[j] !== ']') j += p[j] === '\\' ? 2 : 1;
      atom = p.slice(i, j + 1);
    } else if ('()|^$'.includes(c)) {
      const why = report();
      if (why) return why;
      run = [];
      i++;
      if (c === '(' && p[i] === '?') i += /^\?(?:<[=!]|[:=!]|<[A-Za-z_]\w*>)/.exec(p.slice(i))?.[0].length ?? 1;
      continue;
    } else atom = c;
    i += atom.length;
    const q = /^(?:[*+]|\{\d+,\})\??/.exec(p.slice(i));
    const bounded = /^(?:\?|\{\d+(?:,\d+)?\})\??/.exec(p.slice(i));
    i += q?.[0].length ?? bounded?.[0].length ?? 0;
    const chars = q ? charsOf(atom) : undefined;
    const previous = run.at(-1);
    if (chars && chars.size > 0 && (!previous || [...chars].some((x) => previous.chars.has(x)))) {
      run.push({ text: atom + q![0], chars });
      continue;
    }
    const why = report();
    if (why) return why;
    run = chars && chars.size > 0 ? [{ text: atom + q![0], chars }] : [];
  }
  return report();
}
