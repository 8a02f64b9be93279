// Bundles, for the v2 test machine (scripts/v2-vm/run.sh), the memgate CLI and the guest plan into one
// file each with every dependency inlined: the guest has node but no node_modules.
// Usage: node scripts/v2-vm/bundle.mjs OUT_DIR   (writes OUT_DIR/dist/cli.mjs and OUT_DIR/plan.mjs)
import { build } from 'esbuild';
import { join } from 'node:path';

const out = process.argv[2];
if (!out) throw new Error('usage: node scripts/v2-vm/bundle.mjs OUT_DIR');

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: false,
  logLevel: 'warning',
  // Inlined CommonJS dependencies call require() for node's built-ins.
  banner: {
    js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  },
};
await build({ ...common, entryPoints: ['src/cli/bin.ts'], outfile: join(out, 'dist/cli.mjs') });
await build({ ...common, entryPoints: ['test/v2/guest/plan.ts'], outfile: join(out, 'plan.mjs') });
