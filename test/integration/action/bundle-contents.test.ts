/**
 * What goes into the Action bundle. memgate's own peak RSS in the Action depends on it: a second undici
 * means a second WebAssembly HTTP parser compiled at its first request, about 30 MiB (docs/github-action.md,
 * "memgate's own memory in the Action"). Built in memory with the options of `npm run build:action`.
 */
import { build } from 'esbuild';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
// A plain .mjs script (no types); imported through a variable so tsc does not look for declarations.
const scriptPath = '../../../scripts/check-dist.mjs';
const { ACTION_BUILD_OPTIONS } = (await import(scriptPath)) as { ACTION_BUILD_OPTIONS: object };

/** The node_modules packages of the bundle's inputs, as their path up to the package folder. */
async function bundledPackages(): Promise<string[]> {
  const result = await build({ ...ACTION_BUILD_OPTIONS, absWorkingDir: ROOT, write: false, metafile: true });
  const packages = Object.keys(result.metafile.inputs).map(
    (input) => /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input)?.[1] ?? '',
  );
  return [...new Set(packages.filter((p) => p !== ''))].sort();
}

describe('the Action bundle', () => {
  it('holds one undici (memgate’s own) and no Octokit', async () => {
    const packages = await bundledPackages();
    expect(packages.filter((p) => p.endsWith('/undici'))).toEqual(['node_modules/undici']);
    expect(packages.filter((p) => p.includes('@octokit/') || p.endsWith('@actions/github'))).toEqual([]);
    expect(packages).toContain('node_modules/@actions/core');
  });
});
