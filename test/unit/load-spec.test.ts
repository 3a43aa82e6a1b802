import { describe, expect, it } from 'vitest';
import { SpecInvalid } from '../../src/errors.js';
import { MAX_SPEC_BYTES, parseJsonText } from '../../src/io/json-file.js';

function failure(text: string | Uint8Array): SpecInvalid {
  try {
    parseJsonText(typeof text === 'string' ? new TextEncoder().encode(text) : text, 'spec.json');
  } catch (err) {
    expect(err).toBeInstanceOf(SpecInvalid);
    return err as SpecInvalid;
  }
  throw new Error('expected a failure');
}

describe('parseJsonText', () => {
  it('parses plain JSON', () => {
    expect(parseJsonText(new TextEncoder().encode('{"a": [1]}'), 'x')).toEqual({ a: [1] });
  });
  it('names line and column of a syntax error', () => {
    const e = failure('{\n  "a": 1,\n  "b": }\n');
    expect(e.problems[0]!.rule).toBe('json.syntax');
    expect(e.message).toContain('spec.json:3:');
  });
  it('reports a truncated file at its end', () => {
    const e = failure('{\n "a": [1, 2');
    expect(e.message).toMatch(/spec\.json:2:\d+: .*truncated/);
  });
  it('rejects empty, BOM-prefixed, binary and non-UTF-8 input', () => {
    expect(failure('').problems[0]!.rule).toBe('json.empty');
    expect(failure(new Uint8Array([0xef, 0xbb, 0xbf, 0x7b, 0x7d])).problems[0]!.rule).toBe('json.bom');
    expect(failure(new Uint8Array([0x7b, 0x00, 0x7d])).problems[0]!.rule).toBe('json.binary');
    expect(failure(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])).problems[0]!.rule).toBe('json.encoding');
  });
  it('has a size limit of 10 MB', () => {
    expect(MAX_SPEC_BYTES).toBe(10 * 1024 * 1024);
  });
});

describe('duplicate keys (#22: a merge left two "voiceRoutes", and the last silently won)', () => {
  it('refuses a key given twice in one object, naming its pointer and both lines', () => {
    const e = failure('{\n  "voiceRoutes": [{"name": "A"}],\n  "users": [],\n  "voiceRoutes": []\n}');
    expect(e.problems).toEqual([
      expect.objectContaining({
        path: '/voiceRoutes',
        rule: 'json.duplicate-key',
        message: 'line 4, column 3: duplicate key (first at line 2, column 3)',
      }),
    ]);
    expect(e.message).toMatch(/spec\.json:4:3: the key at \/voiceRoutes appears twice/);
  });

  it('finds it at any depth, inside arrays, with escaped and pointer-escaped keys', () => {
    expect(failure('{"sites":[{"name":"a"},{"name":"b","params":{"a/b":1,"x":{},"a\\/b":2}}]}').problems[0]!.path).toBe(
      '/sites/1/params/a~1b',
    );
    expect(failure('[[{"k":1}],[{"k":1,"k":2}]]').problems[0]!.path).toBe('/1/0/k');
  });

  it('accepts the same key in sibling objects, keys that only look alike, and strings that hold braces', () => {
    expect(
      parseJsonText(new TextEncoder().encode('{"a":{"k":1},"b":{"k":"{\\"k\\":1,\\"k\\":2}"},"K":1,"k":2}'), 's.json'),
    ).toBeTruthy();
  });

  it('costs no stack on a document nested 200,000 deep', () => {
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    expect(() => parseJsonText(new TextEncoder().encode(`{"a":${deep}}`), 's.json')).not.toThrow(RangeError);
  });
});
