import { describe, expect, test } from 'vitest';
import { renderHtml } from '../../../src/report/html.js';
import { renderJunit } from '../../../src/report/junit.js';
import { sampleReport } from '../../helpers/sample-results.js';

function hostileReport(): ReturnType<typeof sampleReport> {
  const report = sampleReport();
  const s = report.results.scenarios[1];
  const run = s?.runs[0];
  if (s === undefined || run === undefined) throw new Error('fixture');
  s.name = `x"><script>window.__pwned=3</script>&'`;
  run.target.image = `<img src=x onerror=alert(1)>`;
  report.results.target.description = `image "<b>&'`;
  return report;
}

describe('html escaping', () => {
  const page = renderHtml(hostileReport());

  test('no target text survives as markup', () => {
    expect(page).not.toMatch(/<script/i);
    expect(page).not.toContain('<img');
    expect(page).not.toContain('onerror="window');
    expect(page).toContain('&lt;script&gt;window.__pwned = 1; alert(1)&lt;/script&gt; &quot;&amp;&#39;');
    expect(page).toContain(
      'data-scenario="x&quot;&gt;&lt;script&gt;window.__pwned=3&lt;/script&gt;&amp;&#39;"',
    );
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  test('ANSI colour codes from logs are stripped', () => {
    expect(page).not.toContain('\u001b');
    expect(page).toContain('ERROR export buffer at 498 MiB &amp; growing');
  });

  test('is self-contained: no external references, a CSP that forbids scripts', () => {
    expect(page).not.toMatch(/\b(?:src|href)="(?:https?:)?\/\//);
    expect(page).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
  });
});

describe('junit', () => {
  const xml = renderJunit(hostileReport());

  test('escapes names and reasons and drops control characters', () => {
    expect(xml).toContain('name="x&quot;&gt;&lt;script&gt;window.__pwned=3&lt;/script&gt;&amp;&#39;"');
    expect(xml).toContain('&lt;export&gt; buffer &amp; &quot;rows&quot;');
    // eslint-disable-next-line no-control-regex
    expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
  });

  test('is well-formed: every tag closes in order, attributes are quoted, no bare & or <', () => {
    const body = xml.replace(/^<\?xml[^>]*\?>\n/, '');
    const stack: string[] = [];
    for (const m of body.matchAll(/<(\/?)([a-z-]+)((?:\s+[a-z-]+="[^"<]*")*)\s*(\/?)>/g)) {
      const [, close, tag, , self] = m;
      if (self === '/') continue;
      if (close === '/') expect(stack.pop()).toBe(tag);
      else stack.push(tag ?? '');
    }
    expect(stack).toEqual([]);
    const text = body.replace(/<\/?[a-z-]+(?:\s+[a-z-]+="[^"<]*")*\s*\/?>/g, '');
    expect(text).not.toMatch(/<|&(?!(?:amp|lt|gt|quot|#39|#10|#13);)/);
  });

  test('counts: one suite per scenario, one case per metric, failures and skips match the verdicts', () => {
    const plain = renderJunit(sampleReport());
    expect(plain.match(/<testsuite /g)).toHaveLength(2);
    expect(plain.match(/<testcase /g)).toHaveLength(9);
    expect(plain.match(/<failure /g)).toHaveLength(4);
    expect(plain.match(/<skipped /g)).toHaveLength(1);
    expect(plain).toMatch(/<testsuites name="memgate" tests="9" failures="4" errors="0" skipped="1"/);
    expect(plain).toMatch(/<testsuite name="giant-export" tests="5" failures="4" errors="0" skipped="1"/);
    expect(plain).toContain('<system-out>memory limit reached: peak is censored at the limit');
  });
});
