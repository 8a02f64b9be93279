import { describe, expect, it } from 'vitest';
import type { SourceInfo } from '../../../../src/runner/run-record.js';
import type { MemoryReading, MemorySource } from '../../../../src/runner/sampling/memory-source.js';
import { startSampler } from '../../../../src/runner/sampling/sampler.js';

/** A scripted source (pure logic): usage grows by 1 MiB per read; gone after `goneAfter` reads. */
class ScriptedSource implements MemorySource {
  readonly info: SourceInfo = {
    kind: 'cgroup-v2',
    confidence: 'high',
    reason: 'test',
    peakSupported: true,
    psiSupported: false,
  };
  reads = 0;
  constructor(
    private readonly goneAfter = Infinity,
    readonly minIntervalMs?: number,
  ) {}
  readUsage(): number | undefined {
    this.reads++;
    return this.reads > this.goneAfter ? undefined : this.reads * 2 ** 20;
  }
  readStats(): Promise<MemoryReading | undefined> {
    return Promise.resolve(
      this.reads > this.goneAfter ? undefined : { usageBytes: this.reads * 2 ** 20, peakBytes: 1 },
    );
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('startSampler', () => {
  it('ticks on a self-correcting grid and stores actual read times', async () => {
    let requests = 0;
    const h = startSampler({
      source: new ScriptedSource(),
      intervalMs: 20,
      statsIntervalMs: 100,
      counters: () => ({ requests: ++requests, bytesSent: 1, bytesReceived: 2 }),
    });
    await sleep(420);
    const r = await h.stop();
    expect(r.fast.length).toBeGreaterThanOrEqual(15);
    expect(r.fast.length).toBeLessThanOrEqual(23);
    for (let i = 1; i < r.fast.length; i++) expect(r.fast[i]!.tMs).toBeGreaterThan(r.fast[i - 1]!.tMs);
    // the grid does not drift: the k-th sample is near k * 20 ms, not k * (20 + overhead)
    const last = r.fast.at(-1)!;
    expect(Math.abs(last.tMs - (r.fast.length - 1) * 20)).toBeLessThan(25);
    expect(r.stats.length).toBeGreaterThanOrEqual(5); // 0, 100, ..., 400 + final
    expect(r.stats[0]).toMatchObject({ peakBytes: 1, bytesSent: 1, bytesReceived: 2 });
    expect(r.stats[0]!.selfRssBytes).toBeGreaterThan(10 * 2 ** 20);
    expect(r.peakSelfRssBytes).toBeGreaterThanOrEqual(r.stats[0]!.selfRssBytes!);
    expect(r.gaps).toEqual([]);
    expect(r.gone).toBe(false);
  });

  it('records a blocked event loop as a gap and a warning, without interpolating', async () => {
    const h = startSampler({ source: new ScriptedSource(), intervalMs: 10, statsIntervalMs: 1000 });
    await sleep(50);
    const blockFrom = h.nowMs();
    const until = Date.now() + 120;
    while (Date.now() < until) {
      // busy: the event loop cannot run timers
    }
    await sleep(50);
    const r = await h.stop();
    const gap = r.gaps.find((g) => g.loop === 'fast');
    expect(gap).toBeDefined();
    expect(gap!.toMs - gap!.fromMs).toBeGreaterThanOrEqual(110);
    expect(gap!.fromMs).toBeLessThanOrEqual(blockFrom + 1);
    expect(r.warnings.some((w) => w.includes('sampling gap'))).toBe(true);
    // no samples were invented inside the gap
    expect(r.fast.filter((s) => s.tMs > gap!.fromMs && s.tMs < gap!.toMs)).toEqual([]);
  });

  it('stops and warns when the source goes away', async () => {
    let goneAt: number | undefined;
    const h = startSampler({
      source: new ScriptedSource(5),
      intervalMs: 10,
      statsIntervalMs: 1000,
      onGone: (t) => (goneAt = t),
    });
    await sleep(150);
    const r = await h.stop();
    expect(r.gone).toBe(true);
    expect(goneAt).toBeDefined();
    expect(r.fast).toHaveLength(5);
    expect(r.warnings.join()).toMatch(/went away/);
  });

  it('honours the source minimum interval', async () => {
    const h = startSampler({
      source: new ScriptedSource(Infinity, 100),
      intervalMs: 10,
      statsIntervalMs: 100,
    });
    await sleep(330);
    const r = await h.stop();
    expect(r.fast.length).toBeLessThanOrEqual(5);
  });
});
