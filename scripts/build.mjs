// Bundles the CLI (dependencies external, installed by npm) and the GitHub Action (everything inlined:
// an action runs from the repository checkout with no node_modules).
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: false,
  logLevel: 'warning',
};
const banner = {
  js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
};

await build({
  ...common,
  entryPoints: ['src/cli/bin.ts'],
  outfile: 'dist/cli.js',
  packages: 'external',
  banner: { js: '#!/usr/bin/env node' },
});
if (process.argv.includes('--action') || process.env.MEMGATE_BUILD_ACTION === '1') {
  await build({
    ...common,
    entryPoints: ['src/action/main.ts'],
    outfile: 'dist/action.js',
    target: 'node24',
    banner,
  });
}
