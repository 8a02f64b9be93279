/**
 * Opens the HTML report in a real headless Chromium: one SVG chart per scenario with many points,
 * phase bands drawn, no script from target text executed. Skips with a reason when Chromium is
 * missing, unless MEMGATE_REQUIRE_BROWSER=1, where it fails instead.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { renderHtml } from '../../src/report/html.js';
import { sampleReport } from '../helpers/sample-results.js';

// Overridable only so the missing-browser path itself can be checked.
const CHROMIUM = process.env.MEMGATE_CHROMIUM_PATH ?? '/usr/bin/chromium';
const required = process.env.MEMGATE_REQUIRE_BROWSER === '1';
const available = existsSync(CHROMIUM);

if (!available && !required) {
  console.warn(
    `[skip] html-report browser test: ${CHROMIUM} not found (apt-get install -y chromium; set MEMGATE_REQUIRE_BROWSER=1 to fail instead)`,
  );
}

describe.runIf(available || required)('html report in chromium', () => {
  let browser: BrowserContext | undefined;
  let dir = '';

  beforeAll(async () => {
    if (!available)
      throw new Error(`MEMGATE_REQUIRE_BROWSER=1 but ${CHROMIUM} is missing: apt-get install -y chromium`);
    dir = mkdtempSync(join(tmpdir(), 'memgate-html-'));
    // A fresh profile per run (playwright takes it as userDataDir, not as a --user-data-dir arg).
    browser = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1000, height: 900 },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  test('charts, phase bands, escaped target text, screenshot', async () => {
    if (browser === undefined) throw new Error('browser did not start');
    const report = sampleReport();
    const file = join(dir, 'memgate-report.html');
    writeFileSync(file, renderHtml(report));
    const page = await browser.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(pathToFileURL(file).href);

    const charts = await page.$$eval('section.scenario', (sections) =>
      sections.map((s) => ({
        svgs: s.querySelectorAll('svg.chart').length,
        gatePoints: (s.querySelector('polyline.gate')?.getAttribute('points') ?? '').trim().split(/\s+/)
          .length,
        bands: [...s.querySelectorAll('rect.phase-band')].map((r) => r.getAttribute('data-phase')),
        bandWidth: [...s.querySelectorAll('rect.phase-band')].map((r) => r.getBoundingClientRect().width),
        baseline: s.querySelectorAll('polyline.baseline').length,
        oom: s.querySelectorAll('line.oom-marker').length,
      })),
    );
    expect(charts).toHaveLength(report.results.scenarios.length);
    for (const c of charts) {
      expect(c.svgs).toBe(1);
      expect(c.gatePoints).toBeGreaterThan(100);
      expect(c.bands).toContain('load');
      expect(Math.min(...c.bandWidth)).toBeGreaterThan(10);
      expect(c.baseline).toBe(1);
    }
    expect(charts.map((c) => c.oom)).toEqual([0, 1]);

    const pwned = await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned);
    expect(pwned).toBeUndefined();
    expect(dialogs).toEqual([]);
    const log = await page.textContent('pre.log');
    expect(log).toContain('<script>window.__pwned = 1; alert(1)</script> "&\'');

    const artifacts = resolve('test-artifacts');
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, 'html-report.png'), fullPage: true });
    expect(existsSync(join(artifacts, 'html-report.png'))).toBe(true);
  });
});
