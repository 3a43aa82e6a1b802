import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateManifest, generateStandIn, MANIFEST_FILE, MODULE_FILE } from '../../scripts/generate-stand-in.mjs';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('the stand-in MicrosoftTeams module', () => {
  it('is what scripts/generate-stand-in.mjs writes from the reference and the behaviour file (run it after editing either)', () => {
    expect(readFileSync(path.join(ROOT, MODULE_FILE), 'utf8')).toBe(generateStandIn(ROOT));
    expect(readFileSync(path.join(ROOT, MANIFEST_FILE), 'utf8')).toBe(generateManifest(ROOT));
  });

  it('declares each parameter once, written by the generator (no hand-written param() block)', () => {
    const module = readFileSync(path.join(ROOT, MODULE_FILE), 'utf8');
    const documented = JSON.parse(
      readFileSync(path.join(ROOT, 'test/fixtures/pwsh/documented-parameters.json'), 'utf8'),
    ) as { cmdlets: Record<string, unknown> };
    const functions = [...module.matchAll(/^function ([\w-]+) \{\n {4}\[CmdletBinding/gm)].map((m) => m[1]);
    expect(functions.sort()).toEqual(Object.keys(documented.cmdlets).sort());
  });
});
