/**
 * The stand-in MicrosoftTeams module declares exactly Microsoft's parameters, aliases and parameter
 * sets for every cmdlet it has, as PowerShell itself reports them (Get-Command), against
 * test/fixtures/pwsh/documented-parameters.json, extracted from Microsoft's cmdlet reference by
 * scripts/extract-cmdlet-syntax.mjs. A call the real module refuses must fail here too.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/run-cli.js';
import { requirePwsh, STANDIN_MODULE } from '../support/sim-serve.js';

interface Documented {
  sets: string[][];
  aliases: Record<string, string[]>;
}
const documented = JSON.parse(
  readFileSync(path.join(ROOT, 'test/fixtures/pwsh/documented-parameters.json'), 'utf8'),
) as { source: string; cmdlets: Record<string, Documented> };

/** Where the stand-in departs from the reference, each with why (stand-in.json; the generator applies them too). */
const standIn = JSON.parse(readFileSync(path.join(ROOT, 'test/fixtures/pwsh/stand-in.json'), 'utf8')) as {
  departures: Record<string, { aliases?: Record<string, string[]> }>;
};

const lower = (names: string[]) => names.map((n) => n.toLowerCase()).sort();

let declared: Record<string, { params: Record<string, string[] | string>; sets: (string[] | string)[] }>;
beforeAll(() => {
  requirePwsh();
  const r = spawnSync(
    'pwsh',
    [
      '-NoProfile',
      '-NonInteractive',
      '-File',
      path.join(ROOT, 'test/support/module-parameters.ps1'),
      '-Module',
      STANDIN_MODULE,
    ],
    { encoding: 'utf8', timeout: 120_000 },
  );
  expect(r.status, r.stderr).toBe(0);
  declared = JSON.parse(r.stdout);
});

describe("the stand-in MicrosoftTeams module, against Microsoft's cmdlet reference", () => {
  it('has a reference page for every cmdlet it defines', () => {
    expect(Object.keys(declared).filter((c) => !documented.cmdlets[c])).toEqual([]);
    expect(Object.keys(documented.cmdlets).length).toBeGreaterThan(40);
  });

  it.each(Object.keys(documented.cmdlets))(
    '%s: the documented parameters, aliases and parameter sets, no more',
    (cmdlet) => {
      const doc = documented.cmdlets[cmdlet]!;
      const mine = declared[cmdlet]!;
      expect(mine, `${cmdlet} is not in the stand-in`).toBeDefined();
      expect(lower(Object.keys(mine.params))).toEqual(lower(Object.keys(doc.aliases)));
      for (const [name, aliases] of Object.entries(doc.aliases)) {
        const key = Object.keys(mine.params).find((k) => k.toLowerCase() === name.toLowerCase())!;
        const want = standIn.departures[cmdlet]?.aliases?.[name] ?? aliases;
        expect({ name, aliases: lower([mine.params[key]!].flat()) }).toEqual({ name, aliases: lower(want) });
      }
      const sets = (list: (string[] | string)[]) => list.map((s) => lower([s].flat()).join(' ')).sort();
      expect(sets(mine.sets)).toEqual(sets(doc.sets));
    },
  );
});
