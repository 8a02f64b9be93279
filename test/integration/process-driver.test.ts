import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { ProcessTarget } from '../../src/config/plan.js';
import { ProcessDriver, type ProcessStartedTarget } from '../../src/runner/drivers/process.js';
import { createTargetCgroup } from '../../src/runner/drivers/process/target-cgroup.js';
import { startSampler } from '../../src/runner/sampling/sampler.js';

const SERVICES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/services');
const MiB = 2 ** 20;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'memgate-proc-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const probe = createTargetCgroup({ name: `probe-${process.pid}` });
if (probe.ok) await probe.cgroup.remove();
else console.log(`process-driver cgroup tests skipped: ${probe.reason}`);

function target(script: string, args: string[] = [], memoryBytes?: number): ProcessTarget {
  return {
    kind: 'process',
    argv: [process.execPath, path.join(SERVICES, script), ...args],
    cwd: work,
    env: {},
    ready: { kind: 'none', timeoutMs: 0 },
    ...(memoryBytes === undefined ? {} : { memoryBytes }),
  };
}

const ctx = { sessionId: `t${process.pid}`, scenario: 'proc', run: 0, logDir: work };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitForLog(t: ProcessStartedTarget, text: string, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if ((await t.logTail(20)).some((l) => l.includes(text))) return;
    await sleep(25);
  }
  throw new Error(`"${text}" not in ${t.logFile}: ${(await t.logTail(20)).join(' | ')}`);
}

async function start(spec: ProcessTarget): Promise<ProcessStartedTarget> {
  return (await new ProcessDriver({ graceMs: 1000 }).start(spec, ctx)) as ProcessStartedTarget;
}

describe.runIf(probe.ok)('process driver in its own cgroup (real kernel)', () => {
  it('100 MiB of touched anon shows in nonReclaimable and anon', async () => {
    await using t = await start(target('alloc-on-signal.mjs', ['100']));
    expect(t.cgroup).toBeDefined();
    await waitForLog(t, 'ready');
    const src = await t.memorySource();
    expect(src.info.confidence).toBe('high');
    await sleep(300);
    const before = (await src.readStats())!;
    process.kill(t.pid, 'SIGUSR2');
    await waitForLog(t, 'allocated');
    await sleep(300);
    const after = (await src.readStats())!;
    const expectNear = (got: number, want: number) => expect(Math.abs(got - want) / want).toBeLessThan(0.05);
    expectNear(after.nonReclaimableBytes!, before.nonReclaimableBytes! + 100 * MiB);
    expectNear(after.anonBytes!, before.anonBytes! + 100 * MiB);
    const exit = await t.stop();
    expect(exit.exitedOnItsOwn).toBe(false);
    expect((await t.oomEvidence()).classification).toBe('STOPPED_BY_MEMGATE');
    expect(fs.existsSync(t.cgroup!.dir)).toBe(false);
  });

  it('a 200 MiB file written and read back is page cache, not non-reclaimable', async () => {
    await using t = await start(target('file-cache.mjs', [path.join(work, 'big.bin'), '200']));
    await waitForLog(t, 'ready');
    const src = await t.memorySource();
    await sleep(300);
    const before = (await src.readStats())!;
    process.kill(t.pid, 'SIGUSR2');
    await waitForLog(t, 'cached', 8000);
    await sleep(300);
    const after = (await src.readStats())!;
    expect(after.fileBytes! - before.fileBytes!).toBeGreaterThan(180 * MiB);
    expect(after.workingSetBytes! - before.workingSetBytes!).toBeGreaterThan(0);
    expect(after.usageBytes - before.usageBytes).toBeGreaterThan(180 * MiB);
    expect(Math.abs(after.nonReclaimableBytes! - before.nonReclaimableBytes!)).toBeLessThan(20 * MiB);
  });

  it('a 150 ms spike between 1 s samples shows in the kernel peak', async () => {
    await using t = await start(target('spike.mjs', ['100', '150']));
    await waitForLog(t, 'ready');
    const src = await t.memorySource();
    await sleep(200);
    const sampler = startSampler({ source: src, intervalMs: 1000, statsIntervalMs: 1000 });
    await sleep(100);
    const base = (await src.readStats())!;
    process.kill(t.pid, 'SIGUSR2');
    await waitForLog(t, 'spiked');
    const r = await sampler.stop();
    const last = r.stats.at(-1)!;
    expect(last.peakBytes! - base.usageBytes).toBeGreaterThan(100 * MiB);
    // the spike is gone by the final read: only the watermark kept it
    expect(last.usageBytes).toBeLessThan(base.usageBytes + 50 * MiB);
  });

  it('a process OOM-killed under a 64 MiB limit is classified OOM with evidence', async () => {
    await using t = await start(target('oom.mjs', [], 64 * MiB));
    const src = await t.memorySource();
    const exit = await Promise.race([t.exited, sleep(8000).then(() => undefined)]);
    expect(exit).toMatchObject({ exitCode: 137, exitedOnItsOwn: true });
    const ev = await t.oomEvidence();
    expect(ev.classification).toBe('OOM_KILLED_MAIN');
    expect(ev.oomKills).toBeGreaterThanOrEqual(1);
    expect(ev.limitBytes).toBe(64 * MiB);
    const stats = await src.readStats();
    expect(stats?.peakBytes).toBeGreaterThanOrEqual(60 * MiB);
    await t.stop();
    expect((await t.oomEvidence()).classification).toBe('OOM_KILLED_MAIN'); // counters kept after rmdir
  });
});

describe('process driver without a cgroup (process-tree fallback)', () => {
  it('measures the tree with low confidence and stops the group', async () => {
    const t = (await new ProcessDriver({ graceMs: 1000, useCgroup: false }).start(
      target('alloc-on-signal.mjs', ['50']),
      ctx,
    )) as ProcessStartedTarget;
    await waitForLog(t, 'ready');
    const src = await t.memorySource();
    expect(src.info).toMatchObject({ kind: 'proctree', confidence: 'low' });
    const before = (await src.readStats())!;
    process.kill(t.pid, 'SIGUSR2');
    await waitForLog(t, 'allocated');
    const after = (await src.readStats())!;
    expect(after.anonBytes! - before.anonBytes!).toBeGreaterThan(45 * MiB);
    expect(src.readUsage()).toBeGreaterThan(50 * MiB);
    const exit = await t.stop();
    expect(exit).toEqual({ exitCode: 0, exitedOnItsOwn: false });
    expect(src.readUsage()).toBeUndefined();
  });

  it('an unknown command is a processStart error', async () => {
    await expect(
      new ProcessDriver().start({ ...target('x'), argv: ['no-such-cmd-memgate'] }, ctx),
    ).rejects.toThrow(/command not found/);
  });
});
