/**
 * Process-tree fallback (docs/design/measurement.md#proctree): sums over the target's process tree from /proc.
 * Descendants come from a ppid map built by scanning /proc/[0-9]*\/stat (task/children is unreliable,
 * docs/design/measurement.md#proctree). Confidence is low: kernel memory, unmapped page cache and tmpfs are invisible (docs/design/measurement.md#proctree).
 */
import fs from 'node:fs';
import type { SourceInfo } from '../run-record.js';
import { deriveTree } from './derive.js';
import { readOptional } from './held-file.js';
import type { MemoryReading, MemorySource } from './memory-source.js';
import { parseKbFile, parseProcStat, parseStatmResidentPages } from './parse/proc-files.js';

const PAGE_BYTES = 4096;
const SMAPS_EVERY_MS = 5000;

export interface ProcTreeOptions {
  pid: number;
  procRoot?: string;
  reason?: string;
}

export class ProcTreeSource implements MemorySource {
  readonly info: SourceInfo;
  private readonly procRoot: string;
  private pids: number[] = [];
  private readonly rootStart: string | undefined;
  private smaps: { bytes: number; anonAtMs: number; anon: number } | undefined;
  private smapsAtMs = -Infinity;

  constructor(private readonly opts: ProcTreeOptions) {
    this.procRoot = opts.procRoot ?? '/proc';
    this.rootStart = this.statOf(opts.pid)?.startTime;
    this.info = {
      kind: 'proctree',
      confidence: 'low',
      reason: opts.reason ?? 'process-tree sum from /proc (no cgroup of its own)',
      peakSupported: false,
      psiSupported: false,
    };
    this.refreshTree();
  }

  readUsage(): number | undefined {
    if (!this.rootAlive()) return undefined;
    let total = 0;
    for (const pid of this.pids)
      total +=
        (parseStatmResidentPages(readOptional(`${this.procRoot}/${pid}/statm`) ?? '') ?? 0) * PAGE_BYTES;
    return total;
  }

  readStats(): Promise<MemoryReading | undefined> {
    if (!this.rootAlive()) return Promise.resolve(undefined);
    this.refreshTree();
    let rss = 0;
    let anon = 0;
    let shmem = 0;
    let swap = 0;
    let pte = 0;
    for (const pid of this.pids) {
      const s = parseKbFile(readOptional(`${this.procRoot}/${pid}/status`) ?? '');
      rss += s['VmRSS'] ?? 0;
      anon += s['RssAnon'] ?? 0;
      shmem += s['RssShmem'] ?? 0;
      swap += s['VmSwap'] ?? 0;
      pte += s['VmPTE'] ?? 0;
    }
    const nonReclaimable = this.nonReclaimable(anon, anon + shmem + swap);
    return Promise.resolve(
      deriveTree({
        rssBytes: rss,
        anonBytes: anon,
        shmemBytes: shmem,
        swapBytes: swap,
        pteBytes: pte,
        nonReclaimableBytes: nonReclaimable,
      }),
    );
  }

  /** Σ(Pss_Anon + Pss_Shmem + SwapPss) every 5 s, scaled by the RssAnon trend in between (docs/design/measurement.md#proctree). */
  private nonReclaimable(anon: number, upperBound: number): number {
    const now = performance.now();
    if (now - this.smapsAtMs >= SMAPS_EVERY_MS) {
      this.smapsAtMs = now;
      let total = 0;
      let readable = true;
      for (const pid of this.pids) {
        const text = readOptional(`${this.procRoot}/${pid}/smaps_rollup`);
        if (text === undefined) readable = false;
        const s = parseKbFile(text ?? '');
        total += (s['Pss_Anon'] ?? 0) + (s['Pss_Shmem'] ?? 0) + (s['SwapPss'] ?? 0);
      }
      this.smaps = readable ? { bytes: total, anonAtMs: now, anon } : undefined;
    }
    if (!this.smaps || this.smaps.anon === 0) return upperBound;
    return Math.round(this.smaps.bytes * (anon / this.smaps.anon));
  }

  private statOf(pid: number) {
    return parseProcStat(readOptional(`${this.procRoot}/${pid}/stat`) ?? '');
  }

  private rootAlive(): boolean {
    const st = this.statOf(this.opts.pid);
    return st !== undefined && st.startTime === this.rootStart;
  }

  private refreshTree(): void {
    const children = new Map<number, number[]>();
    for (const name of fs.readdirSync(this.procRoot)) {
      if (!/^\d+$/.test(name)) continue;
      const st = this.statOf(Number(name));
      if (!st) continue;
      const list = children.get(st.ppid);
      if (list) list.push(st.pid);
      else children.set(st.ppid, [st.pid]);
    }
    const out: number[] = [];
    const queue = [this.opts.pid];
    for (let pid = queue.shift(); pid !== undefined; pid = queue.shift()) {
      out.push(pid);
      queue.push(...(children.get(pid) ?? []));
    }
    this.pids = out;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
