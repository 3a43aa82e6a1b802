// A generated spec for benchmarks: 50 GB sites from the standard template (7 routes each) plus
// 150 explicit routes = 500 routes, and N users spread over the sites (a fifth of them "auto").
export function generateSpec(userCount) {
  const tenantId = '0b5e7c1a-1d2e-4f3a-8b9c-0d1e2f3a4b5c';
  const sites = Array.from({ length: 50 }, (_, i) => ({
    name: `Site${i + 1}`,
    country: 'GB',
    template: 'country-standard',
    params: { areaCode: '20' },
    gateways: [`sbc${(i % 5) + 1}.bench.example`],
    // 10,000 numbers a site: room for 100,000 users over 50 sites.
    numberRanges: [{ from: `+4420${7100 + i}0000`, to: `+4420${7100 + i}9999` }],
  }));
  const gateways = Array.from({ length: 5 }, (_, i) => ({
    fqdn: `sbc${i + 1}.bench.example`,
    sipSignalingPort: 5061,
    enabled: true,
  }));
  const pstnUsages = Array.from({ length: 150 }, (_, i) => `Bench-Usage-${i}`);
  const voiceRoutes = pstnUsages.map((u, i) => ({
    name: `Bench-Route-${i}`,
    numberPattern: `^\\+44${String(i).padStart(3, '0')}\\d+$`,
    priority: i % 10,
    gateways: [gateways[i % 5].fqdn],
    pstnUsages: [u],
  }));
  const users = Array.from({ length: userCount }, (_, i) => {
    const site = i % 50;
    const n = Math.floor(i / 50);
    return {
      upn: `user${i}@bench.example`,
      phoneNumber: i % 5 === 4 ? 'auto' : `+4420${7100 + site}${String(n).padStart(4, '0')}`,
      site: `Site${site + 1}`,
    };
  });
  return {
    apiVersion: 'voiceform/v1',
    customer: { name: 'Bench', tenantId, domain: 'bench.example' },
    gateways,
    sites,
    pstnUsages,
    voiceRoutes,
    voiceRoutingPolicies: [{ name: 'Bench-Policy', pstnUsages: pstnUsages.slice(0, 20) }],
    users,
  };
}
