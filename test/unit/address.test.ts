import { describe, expect, it } from 'vitest';
import { Address, sameName } from '../../src/addr/address.js';
import { typedChanges } from '../../src/load/plan-file.js';
import { canonicalJson } from '../../src/plan/canonical-json.js';

describe('Address', () => {
  it('reads back what it writes, any characters in the name', () => {
    for (const name of ['GB-London', 'a "quoted" \\ name', 'ünï/cödé\u202e', '']) {
      const a = Address.of('voiceRoute', name);
      expect(Address.parse(String(a))).toEqual(a);
    }
    expect(String(Address.of('dialPlan', 'GB "x"'))).toBe('dialPlan["GB \\"x\\""]');
  });

  it('refuses text that is no address, or names no kind', () => {
    for (const text of ['voiceRoute[R]', 'noSuchKind["R"]', 'voiceRoute["R"] ', 'voiceRoute[1]', ''])
      expect(Address.parse(text)).toBeUndefined();
  });

  it('one object whatever the case of its name (Teams compares identities without case); kinds differ', () => {
    expect(Address.of('voiceRoute', 'GB-Route').equals(Address.of('voiceRoute', 'gb-route'))).toBe(true);
    expect(Address.of('voiceRoute', 'X').equals(Address.of('pstnUsage', 'X'))).toBe(false);
    expect(
      new Set([Address.of('gateway', 'SBC1.contoso.com').key, Address.of('gateway', 'sbc1.CONTOSO.com').key]).size,
    ).toBe(1);
    expect(sameName('Alice@Contoso.com', 'alice@contoso.com')).toBe(true);
  });

  it('orders by dependency (the registry), then name', () => {
    const list = [
      Address.of('voiceRoute', 'b'),
      Address.of('gateway', 'z'),
      Address.of('voiceRoute', 'A'),
      Address.of('userPolicy', 'a@x'),
    ];
    expect(list.sort((a, b) => a.compare(b)).map(String)).toEqual([
      'gateway["z"]',
      'voiceRoute["A"]',
      'voiceRoute["b"]',
      'userPolicy["a@x"]',
    ]);
  });

  it('is its text in JSON, canonical or not (plans and journals keep the public form)', () => {
    const change = { address: Address.of('pstnUsage', 'U'), kind: 'pstnUsage' };
    expect(JSON.stringify(change)).toBe('{"address":"pstnUsage[\\"U\\"]","kind":"pstnUsage"}');
    expect(canonicalJson(change)).toBe(JSON.stringify(change));
  });
});

describe('changes read from a plan file or a journal', () => {
  const change = {
    address: 'voiceRoute["R"]',
    kind: 'voiceRoute',
    name: 'R',
    action: 'create',
    before: null,
    after: {},
    diff: [],
  };

  it('get their addresses typed again', () => {
    const [typed] = typedChanges([change], 'p.json');
    expect(typed!.address).toBeInstanceOf(Address);
    expect(typed!.address.equals(Address.of('voiceRoute', 'r'))).toBe(true);
  });

  it('an address that does not name its change (edited, or no address) is refused, naming the change', () => {
    for (const bad of [
      { ...change, address: 'voiceRoute["Other"]' },
      { ...change, address: 'pstnUsage["R"]' },
      { ...change, address: 7 },
      { ...change, address: undefined },
    ]) {
      expect(() => typedChanges([change, bad], 'p.json')).toThrow(/p\.json: changes\[1\]\.address/);
    }
  });
});
