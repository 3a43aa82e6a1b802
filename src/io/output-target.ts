import { promises as fs } from 'node:fs';
import path from 'node:path';
import { SpecInvalid } from '../errors.js';
import { fsReason } from './json-file.js';

/** What an `--out` file holds: a saved plan (JSON), a plan's page or markdown, a health report. */
export type OutputKind = 'plan' | 'plan-view' | 'health';

/** Marks Voiceform's HTML pages, so a later run knows it may replace one. */
export const GENERATOR_META = '<meta name="generator" content="voiceform">';

// How Voiceform's outputs of each kind begin (the first 1 KB is read); pages carry GENERATOR_META.
const PAGE = new RegExp(GENERATOR_META.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
const SIGNATURES: Record<OutputKind, RegExp[]> = {
  plan: [/^\{\s*"formatVersion"\s*:/],
  'plan-view': [PAGE, /^# Voiceform plan for tenant /],
  health: [PAGE, /^\{\s*"tenants?"\s*:/, /^.*\): (ok|info|WARNING|CRITICAL|UNKNOWN|TOO FEW) · calls /],
};

const NAMES: Record<OutputKind, string> = {
  plan: 'a saved plan',
  'plan-view': 'a plan page',
  health: 'a health report',
};

/** The same file, however it is named (a link, `./x`, another case on a case-insensitive disk). */
async function sameFile(a: string, b: string): Promise<boolean> {
  const [sa, sb] = await Promise.all([fs.stat(a).catch(() => undefined), fs.stat(b).catch(() => undefined)]);
  return sa !== undefined && sb !== undefined
    ? sa.dev === sb.dev && sa.ino === sb.ino
    : path.resolve(a) === path.resolve(b);
}

/**
 * Refuses (exit 3) an `--out` that would replace an input of the run (the spec, a plan, the
 * simulated tenant, a manifest) or an existing file that is not Voiceform's output of the same
 * kind, unless `force`: `plan SPEC --out SPEC` once replaced the spec with a plan.
 */
export async function checkOutputTarget(
  target: string,
  o: { kind: OutputKind; inputs: (string | undefined)[]; force?: boolean },
): Promise<void> {
  if (o.force) return;
  for (const input of o.inputs) {
    if (input && (await sameFile(target, input))) {
      throw new SpecInvalid(
        `--out ${target} is ${input}, an input of this run: writing there would replace it`,
        [],
        'choose another --out path (or --out with --force to replace it)',
      );
    }
  }
  const stat = await fs.stat(target).catch(() => undefined);
  if (stat?.isDirectory())
    throw new SpecInvalid(
      `cannot write --out ${target}: it is a directory`,
      [],
      `name a file, e.g. ${path.join(target, 'plan.json')}`,
    );
  if (!stat || stat.size === 0) return;
  const head = await readHead(target);
  if (SIGNATURES[o.kind].some((re) => re.test(head))) return;
  throw new SpecInvalid(
    `--out ${target} exists and is not ${NAMES[o.kind]} Voiceform wrote: it stays as it is`,
    [],
    'choose another --out path, or add --force to replace it',
  );
}

async function readHead(file: string): Promise<string> {
  const handle = await fs.open(file, 'r');
  try {
    const buffer = Buffer.alloc(1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

/**
 * Writes an --out file (owner-only: plans name users and numbers). Never creates folders: a
 * mistyped `--out` path is an error (exit 3), not a new directory tree somewhere.
 */
export async function writeOutput(file: string, text: string): Promise<void> {
  const dir = path.dirname(path.resolve(file));
  const isDir = await fs.stat(dir).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!isDir) {
    throw new SpecInvalid(
      `cannot write ${file}: folder ${dir} does not exist`,
      [],
      'create the folder first, or choose another --out path',
    );
  }
  try {
    await fs.writeFile(file, text.endsWith('\n') ? text : `${text}\n`, { mode: 0o600 });
  } catch (err) {
    throw new SpecInvalid(`cannot write ${file}: ${fsReason(err)}`);
  }
}
