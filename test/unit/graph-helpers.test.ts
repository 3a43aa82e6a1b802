import { describe, expect, it } from 'vitest';
import { graphEndpoint } from '../../src/backends/graph/clouds.js';
import { cloudOf } from '../../src/backends/graph/clouds.js';
import { isCallingPlanSku, isTeamsPhoneSku } from '../../src/backends/graph/graph-directory.js';
import { odataString } from '../../src/backends/graph/odata.js';
import { parseUpnFilter } from '../../src/emulator/odata-filter.js';

describe('national clouds', () => {
  it('picks the Graph host per cloud; VOICEFORM_GRAPH_ENDPOINT wins', () => {
    expect(graphEndpoint('usgov', {})).toBe('https://graph.microsoft.us');
    expect(graphEndpoint('china', {})).toBe('https://microsoftgraph.chinacloudapi.cn');
    expect(graphEndpoint('global', { VOICEFORM_GRAPH_ENDPOINT: 'https://127.0.0.1:8443/' })).toBe(
      'https://127.0.0.1:8443',
    );
    expect(cloudOf(undefined, { VOICEFORM_CLOUD: 'usgovdod' })).toBe('usgovdod');
    expect(() => cloudOf('mars', {})).toThrow(/unknown cloud/);
  });
});

describe('OData UPN filters', () => {
  it('round-trips UPNs with apostrophes through eq and in', () => {
    const upns = ["o'brien@contoso.com", 'a+b@contoso.com', 'plain@contoso.com'];
    expect(parseUpnFilter(`userPrincipalName in (${upns.map(odataString).join(',')})`)).toEqual(upns);
    expect(parseUpnFilter(`userPrincipalName eq ${odataString(upns[0]!)}`)).toEqual([upns[0]]);
    expect(parseUpnFilter("displayName eq 'x'")).toBeUndefined();
  });
});

describe('SKU classification by service plan', () => {
  it('recognises Teams Phone and Calling Plans by plan name, not GUID', () => {
    const sku = (plans: string[]) => ({ skuId: 'x', skuPartNumber: 'X', enabled: 1, consumed: 0, servicePlans: plans });
    expect(isTeamsPhoneSku(sku(['TEAMS1', 'MCOEV']))).toBe(true);
    expect(isTeamsPhoneSku(sku(['MCOEV_VIRTUALUSER']))).toBe(true);
    expect(isTeamsPhoneSku(sku(['TEAMS1']))).toBe(false);
    expect(isCallingPlanSku(sku(['MCOPSTN1']))).toBe(true);
  });
});
