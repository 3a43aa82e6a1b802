/** National clouds, checked before any sign-in (reference/teams-graph-fidelity.md §5.2). */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../support/run-cli.js';

describe('--cloud', () => {
  it('refuses app-only sign-in in the 21Vianet cloud up front (exit 4), pointing at --device-code', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vf-cloud-'));
    const r = runCli(
      ['plan', path.join(ROOT, 'samples/small-business.json'), '--tenant', 'teams', '--cloud', 'china'],
      { cwd: dir, env: { VOICEFORM_CLIENT_ID: 'x', VOICEFORM_CLIENT_SECRET: 'y' } },
    );
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/21Vianet/);
    expect(r.stderr).toMatch(/--device-code/);
  });
});
