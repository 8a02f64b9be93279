import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { REPORT_FORMATS, isReportFormat, reporters } from '../../../src/report/index.js';
import { renderTerminal } from '../../../src/report/terminal.js';
import { writeReportFiles, writeReports } from '../../../src/report/write-reports.js';
import { sampleReport } from '../../helpers/sample-results.js';

describe('terminal', () => {
  test('no colour unless asked; colour codes only around statuses', () => {
    const plain = renderTerminal(sampleReport());
    expect(plain).not.toContain('\u001b[');
    const colored = renderTerminal(sampleReport(), { color: true });
    expect(colored).toContain('\u001b[31mFAIL');
    // eslint-disable-next-line no-control-regex
    expect(colored.replace(/\u001b\[[0-9;]*m/g, '')).toBe(plain);
  });

  test('metric rows are aligned: every reason starts at the same column', () => {
    const report = sampleReport();
    const text = renderTerminal(report);
    const reasons = report.results.scenarios.flatMap((s) => s.verdict?.metrics.map((m) => m.reason) ?? []);
    const lines = text.split('\n');
    const starts = reasons.map((r) => lines.find((l) => l.endsWith(r))?.lastIndexOf(r));
    expect(starts).toHaveLength(9);
    expect(starts.every((x) => x !== undefined && x > 40)).toBe(true);
    expect(new Set(starts).size).toBe(1);
    expect(text).toMatch(/slope\s+fail\s+9\.0 GiB\/h/);
  });

  test('the detection limit row gives bytes per request when the request rate is known', () => {
    const report = sampleReport();
    const sc = report.results.scenarios[0]!;
    sc.summaries = sc.summaries.map((x) => ({
      ...x,
      detectableSlopeBytesPerSec: 1024,
      detectableBytesPerRequest: 10.24,
    }));
    expect(renderTerminal(report)).toMatch(/detection limit\s+3\.5 MiB\/h \(10 B\/request\)/);
  });

  test('ends with the overall verdict and its exit meaning; warnings as numbered footnotes', () => {
    const text = renderTerminal(sampleReport());
    expect(text.trimEnd().split('\n').at(-1)).toBe('memgate: FAIL (exit 1: memory regression)');
    expect(text).toContain('[1] sampler fell behind 3 times (max gap 1.4 s)');
    expect(text).toMatch(/FAIL\s+giant-export .*\[2,3,4\]/);
  });
});

describe('registry and writeReports', () => {
  let dir = '';
  afterEach(() => {
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  test('the registry names the five formats', () => {
    expect(REPORT_FORMATS).toEqual(['terminal', 'json', 'md', 'junit', 'html']);
    expect(isReportFormat('md')).toBe(true);
    expect(isReportFormat('toString')).toBe(false);
  });

  test('json is the results file, stable and parseable', () => {
    const text = reporters.json.render(sampleReport());
    expect(JSON.parse(text)).toEqual(sampleReport().results);
    expect(reporters.json.render(sampleReport())).toBe(text);
  });

  test('writes the SPEC file names; terminal is returned, not written', async () => {
    dir = mkdtempSync(join(tmpdir(), 'memgate-report-'));
    const out = join(dir, 'out');
    const paths = await writeReports(sampleReport(), ['json', 'md', 'junit', 'html', 'terminal'], out);
    expect(paths.map((p) => p.slice(out.length + 1))).toEqual([
      'memgate-results.json',
      'memgate-report.md',
      'memgate-junit.xml',
      'memgate-report.html',
    ]);
    expect(readdirSync(out).sort()).toEqual([
      'memgate-junit.xml',
      'memgate-report.html',
      'memgate-report.md',
      'memgate-results.json',
    ]);
    expect(readFileSync(join(out, 'memgate-report.md'), 'utf8')).toBe(reporters.md.render(sampleReport()));
    const both = await writeReportFiles(sampleReport(), ['terminal'], join(dir, 'none'));
    expect(both.files).toEqual([]);
    expect(both.terminal).toContain('memgate: FAIL');
  });
});
