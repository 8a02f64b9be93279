import { describe, expect, test } from 'vitest';
import { MD_MARKER, MD_MAX_BYTES, renderMarkdown } from '../../../src/report/md.js';
import { MERMAID_MAX_POINTS } from '../../../src/report/mermaid.js';
import { manyScenariosReport, sampleReport } from '../../helpers/sample-results.js';

function mermaidBlocks(md: string): string[] {
  return [...md.matchAll(/```mermaid\n([\s\S]*?)\n```/g)].map((m) => m[1] ?? '');
}

describe('markdown report', () => {
  test('starts with the hidden marker the action finds the sticky comment by', () => {
    expect(renderMarkdown(sampleReport()).startsWith(`${MD_MARKER}\n`)).toBe(true);
  });

  test('one xychart per scenario, each line at most 60 points, baseline as a second line', () => {
    const blocks = mermaidBlocks(renderMarkdown(sampleReport()));
    expect(blocks).toHaveLength(2);
    for (const block of blocks) {
      expect(block.startsWith('xychart-beta\n')).toBe(true);
      const lines = [...block.matchAll(/^ {2}line \[(.*)\]$/gm)].map((m) =>
        (m[1] ?? '').split(', ').map(Number),
      );
      expect(lines).toHaveLength(2);
      for (const values of lines) {
        expect(values.length).toBeLessThanOrEqual(MERMAID_MAX_POINTS);
        expect(values.length).toBeGreaterThan(30);
        expect(values.every(Number.isFinite)).toBe(true);
      }
    }
  });

  test('the leaking scenario chart climbs towards the 512 MiB limit', () => {
    const leak = mermaidBlocks(renderMarkdown(sampleReport()))[1] ?? '';
    const values = (/line \[(.*)\]/.exec(leak)?.[1] ?? '').split(', ').map(Number);
    expect(values[0]).toBeLessThan(130);
    expect(values[values.length - 1]).toBeGreaterThan(450);
  });

  test('stays under 60 KB with 20 failing scenarios and 10,000-line logs, and says what it cut', () => {
    const md = renderMarkdown(manyScenariosReport(20, 10_000));
    expect(Buffer.byteLength(md, 'utf8')).toBeLessThan(MD_MAX_BYTES);
    expect(md).toMatch(/Shortened to stay under 60 KB: [a-z ,]+\./);
    // The verdict table survives every cut.
    expect(md.match(/^\| scenario-\d\d \| slope \|/gm)).toHaveLength(20);
  });

  test('a small report is not shortened and shows the last log lines in full', () => {
    const md = renderMarkdown(sampleReport());
    expect(md).not.toContain('Shortened');
    expect(md).toContain('Killed\n`````');
  });

  test('escapes pipes, angle brackets and backticks in target-derived text outside code blocks', () => {
    const report = sampleReport();
    const s = report.results.scenarios[1];
    if (s === undefined) throw new Error('fixture');
    s.name = 'evil|<b>`x`';
    const md = renderMarkdown(report);
    expect(md).toContain('evil\\|&lt;b&gt;\\`x\\`');
    expect(md).not.toContain('evil|<b>');
    // Table rows keep their 9 columns despite the pipe in the name.
    const row = md.split('\n').find((l) => l.startsWith('| evil')) ?? '';
    expect(row.split(/(?<!\\)\|/).length - 2).toBe(9);
  });

  test('a log line cannot close the code fence: the fence is longer than any backtick run in it', () => {
    const md = renderMarkdown(sampleReport());
    const fenceOpen = /^(`{3,})text$/m.exec(md)?.[1] ?? '';
    expect(fenceOpen.length).toBeGreaterThan(4); // the fixture has a ```` run
    expect(md).toContain('<script>window.__pwned = 1; alert(1)</script>'); // verbatim, inside the fence
    const before = md.slice(0, md.indexOf(fenceOpen));
    expect(before).not.toContain('<script>');
  });
});
