import { promises as fs } from 'node:fs';
import path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { applyEdits, findNodeAtLocation, modify, parseTree } from 'jsonc-parser';
import { SpecInvalid } from '../errors.js';
import type { IoHost } from '../io/io-host.js';
import { writeFileAtomically } from '../io/atomic-file.js';
import { fsReason, loadJsonFile } from '../io/json-file.js';
import type { Spec } from '../kinds/spec-document.js';
import { specFromDoc } from '../load/read-spec.js';
import { mapColumns, mergeUserTable, parseUserTable } from '../load/user-table.js';

export interface ImportCsvOptions {
  into: string;
  site?: string;
  /** `Column=field` pairs, each option comma-separated. */
  map: string[];
  emptyNumber: 'none' | 'auto';
  absentMissing?: boolean;
  dryRun?: boolean;
  templates?: string;
}

/** A user table bigger than this is not one (and would cost memory). */
const MAX_TABLE_BYTES = 50 * 1024 * 1024;

/**
 * `voiceform import csv FILE --into SPEC`: the users of a spreadsheet merged into a spec. Every
 * bad cell of every row is reported at once (exit 3, nothing written); the result validates
 * before it replaces the spec (atomically), and only the spec's `users` array changes, in the
 * file's own indentation. `--dry-run` prints the diff instead.
 */
export async function importCsvCommand(file: string, options: ImportCsvOptions, io: IoHost): Promise<number> {
  const table = parseUserTable(await readTable(file));
  const map = Object.fromEntries(
    options.map
      .flatMap((m) => m.split(','))
      .filter(Boolean)
      .map((pair) => {
        const eq = pair.lastIndexOf('=');
        if (eq <= 0) throw new SpecInvalid(`--map takes COLUMN=field pairs, got ${JSON.stringify(pair)}`);
        return [pair.slice(0, eq).trim(), pair.slice(eq + 1).trim()];
      }),
  );
  const columns = mapColumns(table.headers, map);
  if (columns.problems.length > 0)
    throw new SpecInvalid(`${file}: ${columns.problems.join('; ')}`, [], 'name the columns with --map COLUMN=field');
  if (columns.unknown.length > 0) io.err(`${file}: ignored column(s): ${columns.unknown.join(', ')}`);
  const text = await fs.readFile(options.into, 'utf8').catch((err: unknown) => {
    throw new SpecInvalid(`cannot read ${options.into}: ${fsReason(err)}`);
  });
  const spec = (await loadJsonFile(options.into)) as Spec;
  if (options.site && !(spec.sites ?? []).some((s) => s.name.toLowerCase() === options.site!.toLowerCase()))
    throw new SpecInvalid(`--site ${options.site}: ${options.into} has no such site`);
  const result = mergeUserTable(table, columns.fields, table.headers, spec.users ?? [], spec.sites ?? [], {
    site: options.site,
    emptyNumber: options.emptyNumber,
    absentMissing: Boolean(options.absentMissing),
  });
  const name = path.basename(file);
  if (result.problems.length > 0) {
    for (const p of result.problems) io.err(`${name}:${p.line}:${p.column}: ${p.message}`);
    const rows = new Set(result.problems.map((p) => p.line)).size;
    throw new SpecInvalid(`${rows} row(s) of ${file} have problems; ${options.into} was not changed`);
  }
  for (const n of result.notes) io.err(`${name}: ${n}`);
  const next = withUsers(text, spec.users ?? [], result.users);
  // The merged spec must validate before it replaces the file (a user naming a missing policy…).
  await specFromDoc(options.into, JSON.parse(next) as unknown, options.templates);
  const summary = `${name}: ${result.added} added, ${result.updated} updated, ${result.unchanged} unchanged, ${result.offboarded} offboarded`;
  if (options.dryRun) {
    io.out(
      next === text
        ? '(no change)'
        : createTwoFilesPatch(options.into, options.into, text, next, '', '', { context: 2 }),
    );
    io.err(`${summary} (dry run: ${options.into} not written)`);
    return 0;
  }
  if (next !== text) await replaceAtomically(options.into, next);
  io.err(`${summary} → ${options.into}`);
  return 0;
}

/** The table's text: UTF-8 with or without BOM, or UTF-16 as Excel's "Unicode text" saves it. */
async function readTable(file: string): Promise<string> {
  let bytes: Buffer;
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR' });
    if (stat.size > MAX_TABLE_BYTES)
      throw new SpecInvalid(`${file} is ${stat.size} bytes; a user table may be at most 50 MB`);
    bytes = await fs.readFile(file);
  } catch (err) {
    if (err instanceof SpecInvalid) throw err;
    throw new SpecInvalid(`cannot read ${file}: ${fsReason(err)}`);
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString('utf16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return Buffer.from(bytes.subarray(2)).swap16().toString('utf16le');
  const text = bytes.toString('utf8');
  if (text.includes('\uFFFD'))
    throw new SpecInvalid(`${file} is not UTF-8 text`, [], 'save it from Excel as "CSV UTF-8 (Comma delimited)"');
  return text;
}

/**
 * The spec's text with its users changed and everything else byte for byte: a changed user's
 * entry is rewritten where it stands, in its own style (one line, or one field a line at its
 * indentation); new users follow the last one in the same style. Only a spec without users gets
 * a `users` array written whole, in the file's indentation.
 */
export function withUsers(text: string, before: unknown[], after: unknown[]): string {
  const indentUnit = /^([ \t]+)"/m.exec(text)?.[1] ?? '  ';
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const node = findNodeAtLocation(parseTree(text)!, ['users']);
  const elements = node?.type === 'array' ? (node.children ?? []) : [];
  if (!node || elements.length === 0) {
    const edits = modify(text, ['users'], after, {
      formattingOptions: { insertSpaces: !indentUnit.startsWith('\t'), tabSize: indentUnit.length, eol },
    });
    return applyEdits(text, edits);
  }
  const indentOf = (offset: number) => /[ \t]*$/.exec(text.slice(0, offset))![0];
  const multi = (el: { offset: number; length: number }) => text.slice(el.offset, el.offset + el.length).includes('\n');
  // New entries take the style most entries have (a long one-liner may have been wrapped by hand).
  const mostlyMulti = elements.filter(multi).length * 2 > elements.length;
  const format = (value: unknown, like: { offset: number; length: number }, added = false) => {
    const multiLine = added ? mostlyMulti : multi(like);
    if (!multiLine)
      return `{ ${Object.entries(value as object)
        .map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`)
        .join(', ')} }`;
    const indent = indentOf(like.offset);
    return JSON.stringify(value, null, indentUnit).split('\n').join(`${eol}${indent}`);
  };
  const edits: { offset: number; length: number; content: string }[] = [];
  elements.forEach((el, i) => {
    if (i < after.length && JSON.stringify(before[i]) !== JSON.stringify(after[i]))
      edits.push({ offset: el.offset, length: el.length, content: format(after[i], el) });
  });
  const last = elements.at(-1)!;
  const added = after.slice(before.length);
  if (added.length > 0)
    edits.push({
      offset: last.offset + last.length,
      length: 0,
      content: added.map((u) => `,${eol}${indentOf(last.offset)}${format(u, last, true)}`).join(''),
    });
  return applyEdits(text, edits);
}

/** The spec replaced as a whole (io/atomic-file.ts), keeping its permissions. */
async function replaceAtomically(file: string, text: string): Promise<void> {
  try {
    await writeFileAtomically(file, text, (await fs.stat(file)).mode & 0o777);
  } catch (err) {
    throw new SpecInvalid(`cannot write ${file}: ${fsReason(err)}`);
  }
}
