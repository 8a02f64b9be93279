import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

interface CheckDist {
  STALE_MESSAGE: string;
  compareBundleFiles(committed: string, fresh: string): { ok: true } | { ok: false; message: string };
}
// A plain .mjs script (no types); imported through a variable so tsc does not look for declarations.
const scriptPath = '../../../scripts/check-dist.mjs';
const { STALE_MESSAGE, compareBundleFiles } = (await import(scriptPath)) as CheckDist;

function files(committed: string | undefined, fresh: string): { committed: string; fresh: string } {
  const dir = mkdtempSync(join(tmpdir(), 'memgate-check-dist-test-'));
  const paths = { committed: join(dir, 'committed.js'), fresh: join(dir, 'fresh.js') };
  if (committed !== undefined) writeFileSync(paths.committed, committed);
  writeFileSync(paths.fresh, fresh);
  return paths;
}

describe('check-dist comparison', () => {
  it('accepts identical bundles, also when the checkout turned line endings into CRLF', () => {
    const same = files('a();\nb();\n', 'a();\nb();\n');
    expect(compareBundleFiles(same.committed, same.fresh)).toEqual({ ok: true });
    const crlf = files('a();\r\nb();\r\n', 'a();\nb();\n');
    expect(compareBundleFiles(crlf.committed, crlf.fresh)).toEqual({ ok: true });
  });

  it('says the bundle is stale, what to run, and where the first difference is', () => {
    const stale = files('a();\nb();\nc();\n', 'a();\nb2();\nc();\n');
    const result = compareBundleFiles(stale.committed, stale.fresh);
    expect(result.ok).toBe(false);
    expect(STALE_MESSAGE).toBe('dist/action.js is stale: run `npm run build:action` and commit it');
    expect(!result.ok && result.message).toBe(
      `${STALE_MESSAGE}\n  first difference at line 2:\n    committed: "b();"\n    built:     "b2();"`,
    );
  });

  it('catches a bundle that is only longer or shorter, and a missing one', () => {
    const shorter = files('a();\n', 'a();\nb();\n');
    expect(compareBundleFiles(shorter.committed, shorter.fresh)).toMatchObject({ ok: false });
    const missing = files(undefined, 'a();\n');
    const result = compareBundleFiles(missing.committed, missing.fresh);
    expect(!result.ok && result.message).toBe(`${STALE_MESSAGE} (dist/action.js does not exist)`);
  });
});
