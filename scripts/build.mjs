// Bundles the CLI (dependencies external, installed by npm) and, with --action, the GitHub Action
// (everything inlined: an action runs from the repository checkout with no node_modules). The action's
// options live in check-dist.mjs so the committed bundle and the staleness check always agree.
import { build } from 'esbuild';
import { ACTION_BUILD_OPTIONS } from './check-dist.mjs';

await build({
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: false,
  logLevel: 'warning',
  entryPoints: ['src/cli/bin.ts'],
  outfile: 'dist/cli.js',
  packages: 'external',
  banner: { js: '#!/usr/bin/env node' },
});
if (process.argv.includes('--action')) await build(ACTION_BUILD_OPTIONS);
