/**
 * Golden files for whole reports. On mismatch the actual output is written next to the expected
 * file as `*.got.*`; `UPDATE_GOLDEN=1` rewrites the expected files.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { renderHtml } from '../../src/report/html.js';
import { renderJunit } from '../../src/report/junit.js';
import { renderMarkdown } from '../../src/report/md.js';
import type { Report } from '../../src/report/report.js';
import { renderTerminal } from '../../src/report/terminal.js';
import { sampleReport, sampleResults } from '../helpers/sample-results.js';
import { stabilize } from '../helpers/stabilize.js';

const here = dirname(fileURLToPath(import.meta.url));
const update = process.env.UPDATE_GOLDEN === '1';

/** A first run: no baseline, so every verdict is inconclusive and there is no overlay. */
function firstRunReport(): Report {
  const results = sampleResults();
  results.verdict = 'inconclusive';
  results.scenarios = results.scenarios.slice(0, 1).map((s) => {
    const { verdict: _verdict, ...rest } = s;
    return rest;
  });
  return { results, generatedAt: '2025-01-15T10:05:01.000Z' };
}

const CASES: Record<string, () => Report> = {
  'pass-and-oom-fail': sampleReport,
  'first-run-no-baseline': firstRunReport,
};

const OUTPUTS: Record<string, (r: Report) => string> = {
  'terminal.txt': (r) => renderTerminal(r),
  'terminal-color.txt': (r) => renderTerminal(r, { color: true }),
  'report.md': renderMarkdown,
  'junit.xml': renderJunit,
  'report.html': renderHtml,
};

describe.each(Object.entries(CASES))('golden %s', (name, build) => {
  test.each(Object.entries(OUTPUTS))('%s', (file, render) => {
    const dir = join(here, name, 'expected');
    const expectedPath = join(dir, file);
    const gotPath = join(dir, file.replace(/\.([^.]+)$/, '.got.$1'));
    const got = stabilize(render(build()));
    if (update || !existsSync(expectedPath)) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(expectedPath, got);
      rmSync(gotPath, { force: true });
      if (!update) throw new Error(`golden file ${expectedPath} was missing: written, review and commit it`);
      return;
    }
    const expected = readFileSync(expectedPath, 'utf8');
    if (got !== expected) writeFileSync(gotPath, got);
    else rmSync(gotPath, { force: true });
    expect(got, `mismatch: compare ${gotPath} with ${expectedPath}, or run with UPDATE_GOLDEN=1`).toBe(expected);
  });
});
