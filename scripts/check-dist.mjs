// Fails when the committed dist/action.js is not what the sources build to. An action runs from the
// repository checkout, so a stale bundle ships old code to every user of the tag.
//
// It bundles src/action/index.ts with ACTION_BUILD_OPTIONS from the repository root (esbuild's path
// comments are relative to the working folder, so the root must be the same), writes the fresh bundle to
// a temp file and compares it with the committed one. scripts/build.mjs must use the same options
// (import ACTION_BUILD_OPTIONS from here) so `npm run build:action` and this check agree.
// Usage: node scripts/check-dist.mjs   (exit 0 up to date, 1 stale or missing)
import { build } from 'esbuild';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Every `undici` in the bundle is memgate's own. @actions/github and @actions/http-client each carry a
 * copy of an older major; bundled as is, the Action held three HTTP stacks, and the first comment request
 * compiled a second llhttp WebAssembly parser after the run, about 30 MiB of memgate's own peak RSS. They
 * use only `fetch` and `ProxyAgent`, which the current major keeps.
 */
const ONE_UNDICI = {
  name: 'one-undici',
  setup(build) {
    const own = createRequire(join(ROOT, 'package.json')).resolve('undici');
    build.onResolve({ filter: /^undici$/ }, () => ({ path: own }));
  },
};

/** The one definition of the action bundle: everything inlined, ESM, node24, createRequire for CJS deps. */
export const ACTION_BUILD_OPTIONS = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  sourcemap: false,
  logLevel: 'warning',
  entryPoints: ['src/action/index.ts'],
  outfile: 'dist/action.js',
  // Keep node_modules paths as seen from the checkout, so a symlinked install builds the same bytes.
  preserveSymlinks: true,
  plugins: [ONE_UNDICI],
  banner: {
    js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  },
};

export const STALE_MESSAGE = 'dist/action.js is stale: run `npm run build:action` and commit it';

/**
 * Compares a committed bundle with a fresh build (line endings normalised, for checkouts with autocrlf).
 * @param {string | undefined} committed text of the committed file, undefined when it does not exist
 * @param {string} fresh text of the fresh build
 * @returns {{ ok: true } | { ok: false; message: string }}
 */
export function compareBundles(committed, fresh) {
  if (committed === undefined) {
    return { ok: false, message: `${STALE_MESSAGE} (dist/action.js does not exist)` };
  }
  const a = committed.replace(/\r\n/g, '\n').split('\n');
  const b = fresh.replace(/\r\n/g, '\n').split('\n');
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) {
      const show = (s) => (s === undefined ? '<end of file>' : JSON.stringify(s.slice(0, 120)));
      return {
        ok: false,
        message:
          `${STALE_MESSAGE}\n  first difference at line ${i + 1}:\n` +
          `    committed: ${show(a[i])}\n    built:     ${show(b[i])}`,
      };
    }
  }
  return { ok: true };
}

/**
 * Compares two files on disk.
 * @param {string} committedPath
 * @param {string} freshPath
 */
export function compareBundleFiles(committedPath, freshPath) {
  const committed = existsSync(committedPath) ? readFileSync(committedPath, 'utf8') : undefined;
  return compareBundles(committed, readFileSync(freshPath, 'utf8'));
}

/**
 * Bundles the action in memory from `root` and writes it to a temp file, so a failing check can be
 * diffed by hand. Returns the temp file's path; the caller removes it when the check passes.
 * @param {string} root repository root
 */
export async function buildFreshBundle(root) {
  const result = await build({ ...ACTION_BUILD_OPTIONS, absWorkingDir: root, write: false });
  const out = result.outputFiles.find((f) => f.path.endsWith('action.js'));
  if (out === undefined) throw new Error('esbuild produced no action.js');
  const path = join(mkdtempSync(join(tmpdir(), 'memgate-check-dist-')), 'action.js');
  writeFileSync(path, out.text, 'utf8');
  return path;
}

async function main() {
  const fresh = await buildFreshBundle(ROOT);
  const result = compareBundleFiles(join(ROOT, 'dist', 'action.js'), fresh);
  if (!result.ok) {
    process.stderr.write(`${result.message}\n  fresh build: ${fresh}\n`);
    process.exitCode = 1;
    return;
  }
  rmSync(dirname(fresh), { recursive: true, force: true });
  process.stdout.write('dist/action.js is up to date\n');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
