/**
 * Issue #15, proven on a real cgroup v2 kernel: the v2 test machine (scripts/v2-vm/run.sh) boots ONCE
 * for this file; inside it memgate's own runner measured real processes and containers, and the
 * bundled CLI ran a gate. Here the host asserts on what the guest recorded, with the same bounds as
 * the v1 integration tests (test/integration/runner/memory-figures.test.ts, lifecycle.test.ts).
 * Two layouts (V2_INIT): busybox as PID 1 with Docker's cgroupfs driver (the default, run by CI), and
 * systemd as PID 1 with Docker's systemd driver (`npm run test:v2:systemd`, GitHub's runners' layout).
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { BOOT_TIMEOUT_MS, bootV2Machine, hasV2Machine, V2_INIT } from './boot.js';
import type { V2CaseResult, V2Driver, V2Result, V2Stat } from './v2-result.js';

const MiB = 2 ** 20;
const mib = (b: number): string => `${(b / MiB).toFixed(1)} MiB`;
const DRIVERS: V2Driver[] = ['process', 'docker'];
/** Where each layout puts things: Docker's cgroup driver, a container's cgroup, memgate's own cgroup. */
const LAYOUT = {
  busybox: {
    dockerCgroupDriver: 'cgroupfs',
    containerDir: /^\/sys\/fs\/cgroup\/docker\/[0-9a-f]{64}$/,
    processDir: /^\/sys\/fs\/cgroup\/[^/]+$/,
    memgateOwnDir: '/sys/fs/cgroup',
    // the root lacks memory.current and memory.peak: doctor judges from a child it creates
    doctorFilesFrom: 'probe',
  },
  systemd: {
    dockerCgroupDriver: 'systemd',
    containerDir: /^\/sys\/fs\/cgroup\/system\.slice\/docker-[0-9a-f]{64}\.scope$/,
    // memgate runs in memgate-v2.service, whose own cgroup has processes: the target's goes beside it
    processDir: /^\/sys\/fs\/cgroup\/system\.slice\/[^/]+$/,
    memgateOwnDir: '/sys/fs/cgroup/system.slice/memgate-v2.service',
    // a service's cgroup has every file: doctor judges from its own
    doctorFilesFrom: 'own',
  },
}[V2_INIT];

let result: V2Result & { incomplete?: string };
beforeAll(() => {
  result = bootV2Machine();
  if (result.incomplete !== undefined) console.log(`[v2] the guest did not finish:\n${result.incomplete}`);
  console.log(
    `[v2] kernel ${result.kernel}, docker: ${result.dockerInfo}, guest steps (ms): ${JSON.stringify(result.stepsMs)}`,
  );
  for (const e of result.errors ?? []) console.log(`[v2] guest error: ${e}`);
}, BOOT_TIMEOUT_MS);

type Ran = Extract<V2CaseResult, { valid: boolean }>;

function ran(driver: V2Driver, name: string): Ran {
  const c = result.cases.find((x) => x.driver === driver && x.name === name);
  if (!c) throw new Error(`the guest recorded no ${driver} ${name} case`);
  if (c.error !== undefined) throw new Error(`${driver} ${name} failed in the guest: ${c.error}`);
  return c;
}

const field = (stats: V2Stat[], key: keyof V2Stat): number[] =>
  stats.map((s) => s[key]).filter((v): v is number => typeof v === 'number');
/** The samples taken during one phase of a case. */
function inPhase(c: Ran, index: number): V2Stat[] {
  const p = c.phases.find((x) => x.index === index);
  if (!p) throw new Error(`${c.driver} ${c.name} has no phase ${index}`);
  return c.stats.filter((s) => s.tMs >= p.startMs && s.tMs <= p.endMs);
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

describe.runIf(hasV2Machine)(`cgroup v2 kernel (qemu, ${V2_INIT} as PID 1)`, () => {
  test('the guest runs a cgroup v2 kernel, and Docker in it uses cgroup v2 and the layout asked for', () => {
    expect(result.kernel).toMatch(/^6\.1\./);
    expect(result.dockerInfo).toMatch(new RegExp(`^2 ${LAYOUT.dockerCgroupDriver} `));
    expect(result.errors ?? []).toEqual([]);
    expect(result.incomplete).toBeUndefined();
  });

  describe.each(DRIVERS)('%s driver', (driver) => {
    test('measures from the v2 cgroup files with high confidence, peak and PSI supported', () => {
      const c = ran(driver, 'alloc-100');
      expect(c.source.kind).toBe('cgroup-v2');
      expect(c.source.confidence).toBe('high');
      expect(c.source.peakSupported).toBe(true);
      expect(c.source.psiSupported).toBe(true);
      expect(c.source.cgroupDir).toMatch(driver === 'docker' ? LAYOUT.containerDir : LAYOUT.processDir);
    });

    test('100 MiB of touched anon reads as baseline + 100 MiB within 5% (non_reclaimable and anon)', () => {
      // One run: the idle phase before the /alloc request is the control, the idle phase after it holds
      // the 100 MiB; the last two samples of each (settled).
      const c = ran(driver, 'alloc-100');
      expect(c.valid).toBe(true);
      expect(c.logTail.join('\n')).toContain('allocated 100 MiB');
      for (const key of ['nonReclaimableBytes', 'anonBytes'] as const) {
        const before = median(field(inPhase(c, 0), key).slice(-2));
        const after = median(field(inPhase(c, 2), key).slice(-2));
        console.log(
          `[v2 figures] ${driver} ${key}: before ${mib(before)}, after ${mib(after)}, delta ${mib(after - before)}`,
        );
        expect(after - before).toBeGreaterThan(95 * MiB);
        expect(after - before).toBeLessThan(105 * MiB);
      }
    });

    test('200 MiB of page cache shows in file and working set, not in non_reclaimable', () => {
      const c = ran(driver, 'page-cache');
      expect(c.valid).toBe(true);
      expect(c.logTail.join('\n')).toContain('file done: 200 MiB');
      const first = c.stats[0];
      const last = c.stats.at(-1);
      if (!first || !last) throw new Error('no samples');
      const grew = (k: 'fileBytes' | 'workingSetBytes' | 'nonReclaimableBytes') =>
        (last[k] ?? NaN) - (first[k] ?? NaN);
      console.log(
        `[v2 figures] ${driver} page cache: file +${mib(grew('fileBytes'))}, working set +${mib(grew('workingSetBytes'))}, non-reclaimable +${mib(grew('nonReclaimableBytes'))}`,
      );
      expect(grew('fileBytes')).toBeGreaterThan(190 * MiB);
      expect(grew('workingSetBytes')).toBeGreaterThan(150 * MiB);
      expect(Math.abs(grew('nonReclaimableBytes'))).toBeLessThan(20 * MiB);
    });

    test('a 150 ms spike of 120 MiB between 1 s samples shows in memory.peak', () => {
      const c = ran(driver, 'spike');
      expect(c.valid).toBe(true);
      expect(c.logTail.join('\n')).toMatch(/spike of 120 MiB held for \d+ ms/);
      const baseline = c.stats[0]?.usageBytes ?? NaN;
      const peak = Math.max(...field(c.stats, 'peakBytes'));
      const sampled = Math.max(...field(c.stats, 'usageBytes'), c.fastMaxUsageBytes);
      console.log(
        `[v2 figures] ${driver} spike: baseline ${mib(baseline)}, memory.peak ${mib(peak)} (+${mib(peak - baseline)}), largest sampled usage ${mib(sampled)} (+${mib(sampled - baseline)})`,
      );
      expect(peak).toBeGreaterThanOrEqual(baseline + 100 * MiB);
    });

    test('an OOM kill under memory.max is reported from memory.events (oom_kill) with its evidence', () => {
      const c = ran(driver, 'oom');
      const { oom } = c;
      console.log(
        `[v2 figures] ${driver} oom: ${oom.classification}, kills ${oom.oomKills}, exit ${oom.exitCode}; ${oom.reasons.join('; ')}`,
      );
      expect(oom.classification, JSON.stringify(oom)).toBe('OOM_KILLED_MAIN');
      expect(oom.oomKills).toBeGreaterThanOrEqual(1);
      expect(oom.exitCode).toBe(137);
      expect(oom.limitBytes).toBe(64 * MiB);
      expect(oom.reasons.join('\n')).toMatch(/oom_kill/);
      // systemd removes the container's scope as it dies: the kill is read from system.slice
      if (V2_INIT === 'systemd' && driver === 'docker')
        expect(oom.reasons.join('\n')).toMatch(/in the parent \/sys\/fs\/cgroup\/system\.slice/);
      expect(c.events.some((e) => e.kind === 'oom')).toBe(true);
    });

    test('PSI some and full are recorded under memory pressure', () => {
      const c = ran(driver, 'pressure');
      const psi = c.stats.at(-1)?.psi;
      console.log(
        `[v2 figures] ${driver} pressure: ${JSON.stringify(psi)}, memory.events max ${c.stats.at(-1)?.events?.max}`,
      );
      expect(psi).toBeDefined();
      expect(psi?.someTotalUs ?? 0).toBeGreaterThan(0);
      expect(psi?.fullTotalUs ?? 0).toBeGreaterThan(0);
    });

    test('a plain stop at the end of a run (docker stop / SIGTERM) is not an OOM', () => {
      for (const name of ['alloc-100', 'page-cache', 'spike']) {
        const c = ran(driver, name);
        expect(c.oom.oomKills, name).toBe(0);
        expect(c.oom.classification, name).toBe('STOPPED_BY_MEMGATE');
      }
    });

    test('a stop that needed SIGKILL after the grace period is not an OOM', () => {
      const c = ran(driver, 'stop-sigkill');
      expect(c.oom.exitCode).toBe(137);
      expect(c.oom.oomKills).toBe(0);
      expect(c.oom.classification).toBe('STOPPED_BY_MEMGATE');
      expect(c.logTail.join('\n')).toContain('SIGTERM received and ignored');
    });
  });

  describe('one real gate through the CLI (process driver, its own v2 cgroup)', () => {
    test('the baseline runs and is accepted', () => {
      const g = result.gate;
      if (!g) throw new Error('the guest ran no gate');
      expect(g.base.exitCode, g.base.stderr + g.base.stdout).toBe(0);
      expect(g.accept.exitCode, g.accept.stderr).toBe(0);
      expect(g.source).toMatchObject({ kind: 'cgroup-v2', confidence: 'high' });
    });

    test('the A/A run passes (exit 0)', () => {
      const aa = result.gate?.aa;
      const verdict = /^memgate: (\w+)/m.exec(aa?.stdout ?? '')?.[1];
      console.log(
        `[v2 figures] gate A/A: ${verdict}, exit ${aa?.exitCode} in ${aa?.wallMs} ms\n${aa?.stdout}`,
      );
      expect(aa?.exitCode, `${aa?.stderr}${aa?.stdout}`).toBe(0);
      if (V2_INIT === 'busybox') expect(verdict).toBe('PASS');
      else {
        // Under systemd the 3 v 3 spread under emulation was once wide enough that the runs could not
        // show a 2 MiB floor change (INCONCLUSIVE, underpowered): still exit 0, never a FAIL.
        expect(verdict === 'PASS' || /underpowered/.test(aa?.stdout ?? ''), aa?.stdout).toBe(true);
      }
    });

    test('a leaking candidate fails (exit 1) with a reason', () => {
      const leak = result.gate?.leak;
      console.log(`[v2 figures] gate leak: exit ${leak?.exitCode} in ${leak?.wallMs} ms\n${leak?.stdout}`);
      expect(leak?.exitCode, `${leak?.stderr}${leak?.stdout}`).toBe(1);
      expect(leak?.stdout).toMatch(/^memgate: FAIL \(exit 1: memory regression\)/m);
      // A fail against a stored baseline counts once confirmed: 3 more runs, judged on all 6.
      expect(leak?.stdout).toMatch(/^FAIL +items +\(6 runs/m);
      expect(leak?.stdout).toContain('fail confirmed with 3 extra runs per side');
    });
  });

  describe(`memgate doctor in its own cgroup (${LAYOUT.memgateOwnDir})`, () => {
    test('judges peak and PSI support from a cgroup that has the files (a child one at the root)', () => {
      if (!result.doctor) throw new Error('the guest recorded no doctor report');
      const { report, cliText, cliExitCode } = result.doctor;
      console.log(`[v2] memgate doctor in the guest:\n${cliText}`);
      expect(cliExitCode).toBe(0);
      expect(report.cgroup.memory).toBe('v2');
      expect(report.cgroup.ownDir).toBe(LAYOUT.memgateOwnDir);
      expect(report.filesFrom.kind).toBe(LAYOUT.doctorFilesFrom);
      expect(report.files['memory.current']).toBe(true);
      expect(report.peakSupported).toBe(true);
      expect(report.psiSupported).toBe(true);
      expect(cliText).toMatch(/kernel peak: +yes/);
      expect(cliText).toMatch(/PSI: +yes/);
    });
  });
});
