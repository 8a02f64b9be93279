/**
 * cgroup v2 memory source (docs/design/measurement.md#v2): memory.current in the fast loop through a
 * held fd; memory.stat, peak, events, swap and PSI in the slow loop; the limit every 10 s.
 */
import { MemgateError } from '../../errors.js';
import { KiB } from '../../units.js';
import type { SourceInfo } from '../run-record.js';
import { effectiveV2Limit } from './cgroup-limit.js';
import { deriveV2 } from './derive.js';
import { HeldFile, readOptional } from './held-file.js';
import type { MemoryReading, MemorySource } from './memory-source.js';
import { parseCgroupValue, parseFlatKeyed, parsePressure, type KeyedValues } from './parse/keyed.js';
import { numbersOnly } from './raw-stat.js';

export interface CgroupSourceOptions {
  dir: string;
  /** Mount point of the hierarchy; the v2 limit walk stops there (default: dir's parent chain to '/'). */
  mountPoint?: string;
  /** Where memory.pressure lives (v2: dir; hybrid: the unified directory). */
  psiDir?: string;
  reason?: string;
}

const LIMIT_REFRESH_MS = 10_000;

export class CgroupV2Source implements MemorySource {
  readonly info: SourceInfo;
  private readonly buf = Buffer.allocUnsafe(64 * KiB);
  private readonly fastBuf = Buffer.allocUnsafe(64);
  private readonly current: HeldFile;
  private readonly stat: HeldFile | undefined;
  private readonly peak: HeldFile | undefined;
  private readonly events: HeldFile | undefined;
  private readonly swap: HeldFile | undefined;
  private readonly pressure: HeldFile | undefined;
  private limit: { value: number | null | undefined; atMs: number } | undefined;

  constructor(private readonly opts: CgroupSourceOptions) {
    const { dir } = opts;
    const current = HeldFile.open(`${dir}/memory.current`, this.fastBuf);
    if (!current) throw new MemgateError('cannotMeasure', { reason: `${dir}/memory.current is missing` });
    this.current = current;
    this.stat = HeldFile.open(`${dir}/memory.stat`, this.buf);
    this.peak = HeldFile.open(`${dir}/memory.peak`, this.buf);
    this.events = HeldFile.open(`${dir}/memory.events`, this.buf);
    this.swap = HeldFile.open(`${dir}/memory.swap.current`, this.buf);
    this.pressure = HeldFile.open(`${opts.psiDir ?? dir}/memory.pressure`, this.buf);
    this.info = {
      kind: 'cgroup-v2',
      confidence: 'high',
      reason: opts.reason ?? `cgroup v2 files at ${dir}`,
      cgroupDir: dir,
      peakSupported: this.peak !== undefined,
      psiSupported: this.pressure?.readText() !== undefined,
    };
  }

  readUsage(): number | undefined {
    return this.current.readNumber();
  }

  readStats(): Promise<MemoryReading | undefined> {
    // U and memory.stat straight after each other, so derived values mix one instant (docs/design/measurement.md#metrics).
    const usage = this.current.readNumber();
    const statText = this.stat?.readText();
    if (usage === undefined || statText === undefined) return Promise.resolve(undefined);
    const stat = parseFlatKeyed(statText);
    const pressure = this.pressure?.readText();
    return Promise.resolve(
      deriveV2({
        usage,
        stat,
        swapCurrent: this.swap?.readNumber(),
        peak: this.peak?.readNumber(),
        limit: this.readLimit(),
        events: this.readEvents(),
        pressure: pressure === undefined ? undefined : parsePressure(pressure),
      }),
    );
  }

  /** memory.events as a map (oom_kill is the authoritative OOM counter while the cgroup exists). */
  readEvents(): KeyedValues | undefined {
    const text = this.events?.readText();
    return text === undefined ? undefined : parseFlatKeyed(text);
  }

  readRawStat(): Promise<Record<string, number> | undefined> {
    const text = this.stat?.readText();
    return Promise.resolve(text === undefined ? undefined : numbersOnly(parseFlatKeyed(text)));
  }

  private readLimit(): number | null | undefined {
    const now = performance.now();
    if (!this.limit || now - this.limit.atMs > LIMIT_REFRESH_MS) {
      const { dir, mountPoint } = this.opts;
      const value =
        mountPoint === undefined
          ? parseCgroupValue(readOptional(`${dir}/memory.max`) ?? '')
          : effectiveV2Limit(dir, mountPoint);
      this.limit = { value, atMs: now };
    }
    return this.limit.value;
  }

  close(): Promise<void> {
    for (const f of [this.current, this.stat, this.peak, this.events, this.swap, this.pressure]) f?.close();
    return Promise.resolve();
  }
}
