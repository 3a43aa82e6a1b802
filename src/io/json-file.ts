import { promises as fs } from 'node:fs';
import { SpecInvalid } from '../errors.js';
import { findDuplicateKey } from './json-duplicates.js';

/** Largest spec file accepted; a bigger one is almost surely not a spec (and would cost memory). */
export const MAX_SPEC_BYTES = 10 * 1024 * 1024;

/** Largest saved plan accepted (plans of tens of thousands of users are tens of MB). */
export const MAX_PLAN_BYTES = 512 * 1024 * 1024;

const unreadable = (file: string, what: string, why: string) =>
  new SpecInvalid(`cannot read ${what} ${file}: ${why}`, [
    { file, path: '', rule: 'file.unreadable', message: `cannot read the file: ${why}` },
  ]);

/** Why a file operation failed, in words (ENOENT → "no such file"). */
export const fsReason = (err: unknown): string => {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ENOENT'
    ? 'no such file'
    : code === 'EACCES' || code === 'EPERM'
      ? 'permission denied'
      : code === 'EISDIR'
        ? 'it is a directory'
        : (code ?? String(err));
};

/** The size of a regular file, or SpecInvalid (exit 3) saying why it cannot be read. */
async function fileSize(file: string, what: string): Promise<number> {
  let stat;
  try {
    stat = await fs.stat(file);
  } catch (err) {
    throw unreadable(file, what, fsReason(err));
  }
  if (stat.isDirectory()) throw unreadable(file, what, 'it is a directory');
  if (!stat.isFile()) throw unreadable(file, what, 'it is not a regular file');
  return stat.size;
}

/** Refuses a spec over MAX_SPEC_BYTES (read first under a larger limit, e.g. as a possible plan). */
export async function assertSpecSize(file: string): Promise<void> {
  const size = await fileSize(file, 'spec');
  if (size > MAX_SPEC_BYTES)
    throw invalid(
      file,
      'spec',
      'file.too-large',
      `the file is ${size} bytes; a spec may be at most ${MAX_SPEC_BYTES} bytes`,
      1,
      1,
    );
}

/**
 * Reads and parses a JSON document, failing with SpecInvalid (exit 3) that names line and column
 * for anything that is not plain JSON: empty, binary, BOM-prefixed, truncated or oversized files,
 * and a directory, a missing or an unreadable file.
 */
export async function loadJsonFile(file: string, what = 'spec', maxBytes = MAX_SPEC_BYTES): Promise<unknown> {
  const size = await fileSize(file, what);
  if (size > maxBytes) {
    throw invalid(
      file,
      what,
      'file.too-large',
      `the file is ${size} bytes; a ${what} may be at most ${maxBytes} bytes`,
      1,
      1,
    );
  }
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (err) {
    throw unreadable(file, what, fsReason(err));
  }
  return parseJsonText(bytes, file, what);
}

/** Parses bytes as JSON with the same checks as loadJsonFile (pure). */
export function parseJsonText(bytes: Uint8Array, file: string, what = 'spec'): unknown {
  if (bytes.length === 0) throw invalid(file, what, 'json.empty', 'the file is empty', 1, 1);
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    throw invalid(
      file,
      what,
      'json.bom',
      'the file starts with a UTF-8 byte-order mark; save it as UTF-8 without BOM',
      1,
      1,
      'PowerShell: Set-Content -Encoding utf8NoBOM, or [IO.File]::WriteAllText(path, text)',
    );
  }
  const nul = bytes.indexOf(0);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw invalid(file, what, 'json.encoding', 'the file is not UTF-8 text (binary or another encoding)', 1, 1);
  }
  if (nul >= 0) {
    const { line, column } = lineColumn(text, nul);
    throw invalid(file, what, 'json.binary', 'the file contains a NUL byte; it looks binary', line, column);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    const { offset, reason } = describeJsonError(text);
    const { line, column } = lineColumn(text, offset);
    throw invalid(
      file,
      what,
      'json.syntax',
      `not valid JSON at line ${line}, column ${column}: ${reason}`,
      line,
      column,
    );
  }
  refuseDuplicateKeys(text, file, what);
  return doc;
}

/**
 * A key given twice in one object (a merge left two `"voiceRoutes"`): JSON.parse would keep the
 * last silently and the plan would act on half of what was written. Refused, naming both places.
 */
function refuseDuplicateKeys(text: string, file: string, what: string): void {
  const dup = findDuplicateKey(text);
  if (!dup) return;
  const first = lineColumn(text, dup.first);
  const { line, column } = lineColumn(text, dup.second);
  throw new SpecInvalid(
    `${file}:${line}:${column}: the key at ${dup.pointer} appears twice in one object (first at line ${first.line}); JSON would keep only the last`,
    [
      {
        file,
        path: dup.pointer,
        rule: 'json.duplicate-key',
        message: `line ${line}, column ${column}: duplicate key (first at line ${first.line}, column ${first.column})`,
      },
    ],
    `keep one of the two in the ${what} file (a merge often leaves both)`,
  );
}

function invalid(
  file: string,
  what: string,
  rule: string,
  message: string,
  line: number,
  column: number,
  hint?: string,
): SpecInvalid {
  const where = `line ${line}, column ${column}`;
  return new SpecInvalid(
    `${file}:${line}:${column}: ${message}`,
    [{ file, path: '', rule, message: message.includes(where) ? message : `${where}: ${message}` }],
    hint ?? `fix the ${what} file and run again`,
  );
}

/** Where and why JSON.parse failed: V8's messages often lack a position, so scan for it. */
function describeJsonError(text: string): { offset: number; reason: string } {
  const offset = findJsonErrorOffset(text);
  if (text.slice(offset).trim() === '') return { offset, reason: 'the document ends too early (truncated?)' };
  // Never the file's own bytes (JSON.parse's message quotes them): a manifest may name any file,
  // and what it holds must not reach a report. Only JSON's own punctuation is shown.
  if (offset === text.search(/\S/) && !/[{["\-\dtfn]/.test(text[offset]!))
    return { offset, reason: 'this is not JSON (a JSON document starts with { or [)' };
  const c = text[offset]!;
  return { offset, reason: /^[{}[\],:"]$/.test(c) ? `unexpected ${JSON.stringify(c)}` : 'unexpected character' };
}

/** Offset of the first character that cannot continue a JSON document (a small recursive scanner). */
export function findJsonErrorOffset(text: string): number {
  let i = 0;
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const literal = (word: string): void => {
    for (const ch of word) if (text[i++] !== ch) (i--, fail());
  };
  const string = (): void => {
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text.charCodeAt(i) < 0x20) fail();
      i += text[i] === '\\' ? 2 : 1;
    }
    if (i >= text.length) fail();
    i++;
  };
  const number = (): void => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m || m[0] === '' || m[0] === '-') fail();
    i += m![0].length;
  };
  const value = (depth: number): void => {
    ws();
    const c = text[i];
    if (depth > 5000) fail();
    if (c === '{') return container('}', depth, true);
    if (c === '[') return container(']', depth, false);
    if (c === '"') return string();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    return number();
  };
  const container = (close: string, depth: number, keyed: boolean): void => {
    i++;
    ws();
    if (text[i] === close) return void i++;
    for (;;) {
      if (keyed) {
        ws();
        if (text[i] !== '"') fail();
        string();
        ws();
        if (text[i] !== ':') fail();
        i++;
      }
      value(depth + 1);
      ws();
      if (text[i] === ',') i++;
      else if (text[i] === close) return void i++;
      else fail();
    }
  };
  try {
    value(0);
    ws();
    return i < text.length ? i : text.length;
  } catch (at) {
    return Math.min(typeof at === 'number' ? at : 0, text.length);
  }
}

export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lastBreak = -1;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lastBreak = i;
    }
  }
  return { line, column: end - lastBreak };
}
