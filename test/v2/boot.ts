/**
 * Boots the cgroup v2 test machine once (scripts/v2-vm/run.sh) and returns the guest plan's result.
 * Skips with a visible reason when qemu is missing, and fails instead under MEMGATE_REQUIRE_V2=1 or
 * MEMGATE_REQUIRE_DOCKER=1 (CI). MEMGATE_V2_RESULT=FILE reads a result written earlier instead of
 * booting (for working on the assertions). MEMGATE_V2_INIT=systemd boots with systemd as PID 1 and
 * Docker's systemd cgroup driver (`npm run test:v2:systemd`), the layout of GitHub's runners.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { V2CaseResult, V2PartKey, V2Result } from './v2-result.js';

/** The whole boot, including a cold initramfs build, on 2 shared cores. */
export const BOOT_TIMEOUT_MS = 20 * 60_000;

function probe(): string | undefined {
  if (process.env['MEMGATE_V2_RESULT']) return undefined;
  for (const tool of ['qemu-system-x86_64', 'busybox', 'apt-get']) {
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'pipe' });
    } catch {
      return `${tool} is missing (apt-get install qemu-system-x86 busybox-static)`;
    }
  }
  return undefined;
}

const required = process.env['MEMGATE_REQUIRE_V2'] === '1' || process.env['MEMGATE_REQUIRE_DOCKER'] === '1';
const reason = probe();
if (reason !== undefined && required)
  throw new Error(
    `MEMGATE_REQUIRE_V2=1 (or MEMGATE_REQUIRE_DOCKER=1) but the v2 machine cannot boot: ${reason}`,
  );
if (reason !== undefined) console.warn(`[skip] cgroup v2 suite skipped: ${reason}`);

/** How the guest is laid out: who is PID 1, and so which cgroup driver Docker uses. */
export const V2_INIT: 'busybox' | 'systemd' =
  process.env['MEMGATE_V2_INIT'] === 'systemd' ? 'systemd' : 'busybox';

/** True when the v2 machine can boot here; use with `describe.runIf(hasV2Machine)`. */
export const hasV2Machine = reason === undefined;

/** The guest's result lines (`<part key> <JSON>`, as run.sh wrote them) assembled into one result. */
export function assembleV2Result(lines: string): V2Result {
  const result: V2Result = { kernel: '', cpus: 0, dockerInfo: '', cases: [] };
  for (const line of lines.split('\n')) {
    const m = /^(\w+) (.*)$/.exec(line.trim());
    if (!m) continue;
    const key = m[1] as V2PartKey;
    const value: unknown = JSON.parse(m[2] ?? 'null');
    if (key === 'meta') Object.assign(result, value);
    else if (key === 'case') result.cases.push(value as V2CaseResult);
    else if (key === 'done') result.stepsMs = value as Record<string, number>;
    else if (key === 'doctor') result.doctor = value as V2Result['doctor'];
    else if (key === 'trees') result.trees = value as V2Result['trees'];
    else if (key === 'gate') result.gate = value as V2Result['gate'];
    else if (key === 'errors') result.errors = value as string[];
  }
  return result;
}

/**
 * Boots the machine and returns what the guest recorded. A boot that died half-way still returns the
 * parts it sent (the tests of the missing parts fail, each saying so), with `incomplete` set.
 */
export function bootV2Machine(): V2Result & { incomplete?: string } {
  const reuse = process.env['MEMGATE_V2_RESULT'];
  if (reuse) return assembleV2Result(readFileSync(reuse, 'utf8'));
  const dir = mkdtempSync(join(tmpdir(), 'memgate-v2-'));
  try {
    const out = join(dir, 'result.jsonl');
    const t0 = Date.now();
    const r = spawnSync(
      'scripts/v2-vm/run.sh',
      ['--out', out, '--timeout', String(BOOT_TIMEOUT_MS / 1000 - 60), '--init', V2_INIT],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'inherit', 'pipe'],
        timeout: BOOT_TIMEOUT_MS,
      },
    );
    console.log(`[v2] scripts/v2-vm/run.sh: exit ${r.status} after ${Date.now() - t0} ms\n${r.stderr}`);
    if (!existsSync(out))
      throw new Error(`the v2 machine returned nothing (exit ${r.status}):\n${r.stderr.slice(-4000)}`);
    const result = assembleV2Result(readFileSync(out, 'utf8'));
    return r.status === 0 ? result : { ...result, incomplete: r.stderr.slice(-4000) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
