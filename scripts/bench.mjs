// Runs the benchmarks under bench/: each bench/<name>.ts exports `run(): Promise<BenchResult>`.
// Node 20 cannot load TypeScript, so each bench is bundled with esbuild (dependencies external) first.
// Writes bench/results/<name>.json and prints a table. `npm run bench -- sampler` runs only that one.
import { build } from 'esbuild';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const only = process.argv.slice(2);
const names = (await readdir('bench'))
  .filter((f) => f.endsWith('.ts') && f !== 'types.ts')
  .map((f) => f.slice(0, -3))
  .filter((n) => only.length === 0 || only.includes(n));
await mkdir('bench/results', { recursive: true });
const outDir = resolve('node_modules/.cache/memgate-bench');
let failed = false;
for (const name of names) {
  const outfile = join(outDir, `${name}.mjs`);
  await build({
    entryPoints: [`bench/${name}.ts`],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
  });
  process.stdout.write(`\n== ${name}\n`);
  try {
    const started = Date.now();
    const result = await (await import(pathToFileURL(outfile).href)).run();
    const record = {
      ...result,
      date: new Date().toISOString(),
      node: process.version,
      seconds: (Date.now() - started) / 1000,
    };
    await writeFile(`bench/results/${name}.json`, `${JSON.stringify(record, null, 2)}\n`);
    printTable(result.rows);
    for (const note of result.notes) process.stdout.write(`  note: ${note}\n`);
  } catch (e) {
    failed = true;
    process.stdout.write(`  FAILED: ${e instanceof Error ? e.stack : String(e)}\n`);
  }
}
process.exitCode = failed ? 1 : 0;

function printTable(rows) {
  if (rows.length === 0) return;
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (v) => (v === undefined ? '' : String(v));
  const widths = cols.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (vals) => `  ${vals.map((v, i) => v.padEnd(widths[i])).join('  ')}\n`;
  process.stdout.write(line(cols));
  process.stdout.write(line(widths.map((w) => '-'.repeat(w))));
  for (const r of rows) process.stdout.write(line(cols.map((c) => cell(r[c]))));
}
