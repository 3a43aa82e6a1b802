/**
 * #14: the fleet's report.html in a real browser (Debian's Chromium, headless): self-contained (no
 * request but the page itself, no script runs), the filters by status work with CSS alone, each
 * tenant's plan opens in place, and hostile names stay text.
 */
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatReportHtml } from '../../src/batch/report-html.js';
import type { BatchReport } from '../../src/batch/report.js';
import { launchChromium } from '../support/browser.js';
import { ROOT, runCli } from '../support/run-cli.js';

const SMALL = path.join(ROOT, 'samples/small-business.json');

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

/** Opens a file; returns the page and every URL it requested, console message and page error. */
async function open(file: string): Promise<{ page: Page; requests: string[]; problems: string[] }> {
  const page = await browser.newPage();
  const requests: string[] = [];
  const problems: string[] = [];
  page.on('request', (r) => void requests.push(r.url()));
  page.on('console', (m) => void problems.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => void problems.push(`pageerror: ${e.message}`));
  await page.goto(pathToFileURL(file).href);
  return { page, requests, problems };
}

const visibleTenants = async (page: Page) =>
  (await page.locator('section.tenant:visible > h2').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());

describe('report.html in headless Chromium', () => {
  it('a real batch plan report: counts, filters by status, plans that open in place, nothing fetched', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vf-report-browser-'));
    mkdirSync(path.join(dir, 'tenants'));
    copyFileSync(SMALL, path.join(dir, 'small.json'));
    writeFileSync(path.join(dir, 'broken.json'), '{ "apiVersion": ');
    expect(
      runCli(['sim', 'init', '--tenant', 'sim:tenants/new.json', '--users-from', 'small.json'], { cwd: dir }).code,
    ).toBe(0);
    copyFileSync(path.join(dir, 'tenants/new.json'), path.join(dir, 'tenants/done.json'));
    expect(
      runCli(['apply', 'small.json', '--auto-approve', '--tenant', 'sim:tenants/done.json'], { cwd: dir }).code,
    ).toBe(0);
    writeFileSync(
      path.join(dir, 'fleet.json'),
      JSON.stringify({
        apiVersion: 'voiceform/v1',
        kind: 'Fleet',
        tenants: [
          { name: 'new-customer', spec: 'small.json', tenant: 'sim:tenants/new.json' },
          { name: 'live-customer', spec: 'small.json', tenant: 'sim:tenants/done.json' },
          { name: 'typo-customer', spec: 'broken.json', tenant: 'sim:tenants/x.json' },
        ],
      }),
    );
    expect(runCli(['batch', 'plan', 'fleet.json', '--report-dir', 'report'], { cwd: dir }).code).toBe(1);

    const file = path.join(dir, 'report/report.html');
    const { page, requests, problems } = await open(file);
    expect(await page.title()).toBe('Voiceform batch plan: 3 tenant(s)');
    expect(await page.locator('body').innerText()).toContain('3 tenant(s): 1 ok, 1 with changes, 1 failed.');
    // Failures first, then changes, then ok.
    expect(await visibleTenants(page)).toEqual(['typo-customer invalid', 'new-customer changes', 'live-customer ok']);

    await page.getByText('invalid (1)').click();
    expect(await visibleTenants(page)).toEqual(['typo-customer invalid']);
    expect(await page.locator('section.tenant:visible pre').innerText()).toMatch(/not valid JSON/);
    await page.getByText('changes (1)').click();
    expect(await visibleTenants(page)).toEqual(['new-customer changes']);
    await page.getByText('all (3)').click();
    expect(await visibleTenants(page)).toHaveLength(3);

    // The plan is folded until asked for, then shows its changes.
    const plan = page.locator('section.st-changes details');
    expect(await plan.locator('table, ul, pre').first().isVisible()).toBe(false);
    await plan.locator('summary').click();
    expect(await plan.innerText()).toMatch(/to add, 0 to change, 0 to destroy/);
    expect(await plan.innerText()).toContain('voiceRoute[');

    expect(requests).toEqual([pathToFileURL(file).href]);
    expect(problems).toEqual([]);
  }, 120_000);

  it('hostile names and messages stay text: no element, no script, bidi shown escaped', async () => {
    const report: BatchReport = {
      formatVersion: 1,
      command: 'plan',
      manifest: '/m/fleet.json',
      startedAt: '2026-11-27T00:00:00.000Z',
      finishedAt: '2026-11-27T00:00:01.000Z',
      interrupted: false,
      tenants: [
        {
          name: '<img src=x onerror="document.title=\'pwned\'">',
          tenantId: null,
          status: 'error',
          exitCode: 1,
          summary: null,
          durationMs: 5,
          planFile: null,
          journal: null,
          messages: ['Error: <script>document.title="pwned"</script> gnp\u202e.exe'],
        },
      ],
    };
    const dir = mkdtempSync(path.join(tmpdir(), 'vf-report-hostile-'));
    const file = path.join(dir, 'report.html');
    writeFileSync(file, formatReportHtml(report, new Map()));
    const { page, requests, problems } = await open(file);
    expect(await page.title()).toBe('Voiceform batch plan: 1 tenant(s)');
    expect(await page.locator('section.tenant img, section.tenant script').count()).toBe(0);
    expect(await page.locator('section.tenant > h2').innerText()).toContain('<img src=x onerror=');
    expect(await page.locator('section.tenant pre').innerText()).toContain(
      '<script>document.title="pwned"</script> gnp<U+202E>.exe',
    );
    expect(requests).toEqual([pathToFileURL(file).href]);
    expect(problems).toEqual([]);
  }, 60_000);
});
