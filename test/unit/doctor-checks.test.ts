/** #23 §2: what doctor judges, apart from finding it out. */
import { describe, expect, it } from 'vitest';
import {
  compareVersions,
  judgeGraphPermissions,
  judgeNode,
  judgePwsh,
  judgeTeamsModule,
  tokenPermissions,
} from '../../src/commands/doctor-checks.js';

const jwt = (claims: object) =>
  `${Buffer.from('{}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;

describe('doctor checks', () => {
  it('versions: Node 20+, pwsh 7.4+, the module 7.x (older fails, 8.x and previews warn)', () => {
    expect(compareVersions('7.10.0', '7.4.0')).toBe(1);
    expect(judgeNode('20.1.0').status).toBe('ok');
    expect(judgeNode('18.19.0')).toMatchObject({ status: 'fail', fix: expect.stringMatching(/Node\.js 20/) });
    expect(judgePwsh(undefined)).toMatchObject({ status: 'fail', fix: expect.stringMatching(/dotnet tool install/) });
    expect(judgePwsh('7.2.18').status).toBe('fail');
    expect(judgePwsh('7.6.9').status).toBe('ok');
    expect(judgeTeamsModule(undefined).status).toBe('fail');
    expect(judgeTeamsModule({ version: '6.9.0' }).status).toBe('fail');
    expect(judgeTeamsModule({ version: '7.3.1' }).status).toBe('ok');
    expect(judgeTeamsModule({ version: '8.0.0' })).toMatchObject({
      status: 'warn',
      detail: expect.stringMatching(/newer than tested/),
    });
    expect(judgeTeamsModule({ version: '7.5.0', prerelease: 'preview' })).toMatchObject({
      status: 'warn',
      detail: expect.stringMatching(/7\.5\.0-preview: a preview/),
    });
  });

  it("permissions come from the token's roles (app) or scp (delegated); alternatives count; /admin/teams needs are global only", () => {
    expect(tokenPermissions(jwt({ roles: ['User.Read.All'] }))).toEqual(['User.Read.All']);
    expect(tokenPermissions(jwt({ scp: 'User.Read.All Domain.Read.All' }))).toEqual([
      'User.Read.All',
      'Domain.Read.All',
    ]);
    expect(tokenPermissions('not-a-token')).toEqual([]);
    const checks = judgeGraphPermissions(['Directory.ReadWrite.All', 'CallRecord-PstnCalls.Read.All'], 'usgov');
    expect(checks.map((c) => c.status)).toEqual(['ok', 'ok', 'skip', 'skip', 'ok', 'fail']);
    expect(checks[5]).toMatchObject({ detail: 'missing ServiceMessage.Read.All' });
    const none = judgeGraphPermissions([], 'global');
    expect(none[0]!.detail).toMatch(
      /^missing User\.Read\.All \(or User\.ReadWrite\.All, .*\); Organization\.Read\.All/,
    );
  });
});
