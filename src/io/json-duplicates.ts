/** A key that appears twice in one JSON object: JSON.parse keeps the last and drops the first silently. */
export interface DuplicateKey {
  /** JSON Pointer of the duplicated member (RFC 6901). */
  pointer: string;
  /** Offsets of the first and the second occurrence of the key. */
  first: number;
  second: number;
}

interface Frame {
  keys?: Map<string, number>;
  /** Objects: the member being read; arrays: the element's index. */
  token: string;
  index: number;
  expectKey: boolean;
}

const escape = (token: string): string => token.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * The first duplicated key of a document JSON.parse has already accepted (so the text is known
 * to be valid). Iterative, so a document nested 200,000 deep costs no stack. Pure.
 */
export function findDuplicateKey(text: string): DuplicateKey | undefined {
  const stack: Frame[] = [];
  const pointer = () =>
    stack
      .slice(0, -1)
      .map((f) => `/${escape(f.token)}`)
      .join('');
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const top = stack[stack.length - 1];
    if (c === '"') {
      const start = i;
      for (i++; text[i] !== '"'; i++) if (text[i] === '\\') i++;
      if (top?.keys && top.expectKey) {
        const key = JSON.parse(text.slice(start, i + 1)) as string;
        const first = top.keys.get(key);
        top.token = key;
        if (first !== undefined) return { pointer: `${pointer()}/${escape(key)}`, first, second: start };
        top.keys.set(key, start);
        top.expectKey = false;
      }
    } else if (c === '{') {
      stack.push({ keys: new Map(), token: '', index: 0, expectKey: true });
    } else if (c === '[') {
      stack.push({ token: '0', index: 0, expectKey: false });
    } else if (c === '}' || c === ']') {
      stack.pop();
    } else if (c === ',' && top) {
      if (top.keys) top.expectKey = true;
      else top.token = String(++top.index);
    }
  }
  return undefined;
}
