// Writes schema/memgate.schema.json from the zod schema in src/config/schema.ts.
// Run it as `node scripts/gen-schema.mjs` (suggested npm script: `gen:schema`).
// Node 20 cannot import TypeScript, so the schema module is bundled with esbuild into a temp file first.
import { build } from 'esbuild';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { format, resolveConfig } from 'prettier';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tmp = await mkdtemp(join(tmpdir(), 'memgate-schema-'));
try {
  const outfile = join(tmp, 'json-schema.mjs');
  await build({
    entryPoints: [join(root, 'src/config/json-schema.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile,
    logLevel: 'error',
  });
  const { renderJsonSchema, JSON_SCHEMA_PATH } = await import(pathToFileURL(outfile).href);
  const target = join(root, JSON_SCHEMA_PATH);
  await mkdir(dirname(target), { recursive: true });
  // Formatted as `prettier --check .` expects; the staleness test compares parsed JSON, not text.
  const options = (await resolveConfig(target)) ?? {};
  await writeFile(target, await format(renderJsonSchema(), { ...options, filepath: target }));
  console.log(`wrote ${JSON_SCHEMA_PATH}`);
} finally {
  await rm(tmp, { recursive: true, force: true });
}
