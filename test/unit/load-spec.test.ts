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
