/**
 * cgroup memory source, one for v1 and v2 (docs/design/measurement.md#v1, #v2): the usage file in the
 * fast loop through a held fd; memory.stat, the peak, the OOM counters, the extra usage files and PSI
 * in the slow loop. What differs between the versions (file names, which derivation reads the stat
 * keys, where PSI and the limit come from) is one table per version below.
 */
import { MemgateError } from '../../errors.js';
import { KiB } from '../../units.js';
import type { SourceInfo } from '../run-record.js';
import { effectiveV2Limit } from './cgroup-limit.js';
import { deriveV1, deriveV2 } from './derive.js';
import { HeldFile, readOptional } from './held-file.js';
import type { MemoryReading, MemorySource } from './memory-source.js';
import {
  parseCgroupValue,
  parseFlatKeyed,
  parsePressure,
  type KeyedValues,
  type Pressure,
} from './parse/keyed.js';
import { numbersOnly } from './raw-stat.js';

export interface CgroupSourceOptions {
  dir: string;
  /** Mount point of the hierarchy; the v2 limit walk stops there (default: dir's parent chain to '/'). */
  mountPoint?: string;
  /** Where memory.pressure lives (v2: dir; hybrid: the unified directory). */
  psiDir?: string;
  reason?: string;
}

/** One slow-loop reading, read straight after the usage so derived values mix one instant (docs/design/measurement.md#metrics). */
interface CgroupRaw {
  usage: number;
  stat: KeyedValues;
  pressure: Pressure | undefined;
  /** The version's `extraFiles`, by file name. */
  extra: Record<string, number | undefined>;
  peak: number | undefined;
  /** v2 only (v1's limit is hierarchical_memory_limit in memory.stat). */
  limit: number | null | undefined;
  /** The flat-keyed counters with `oom_kill`. */
  counters: KeyedValues | undefined;
}

interface CgroupVersion {
  kind: 'cgroup-v1' | 'cgroup-v2';
  label: string;
  /** Read in the fast loop; the source cannot work without it. */
  usageFile: string;
  peakFile: string;
  /** v2 memory.events (oom_kill lasts while the cgroup exists); v1 memory.oom_control (local to this cgroup). */
  countersFile: string;
  /** Single-number files read beside memory.stat. */
  extraFiles: readonly string[];
  /** Where memory.pressure is read, if anywhere. */
  pressureDir(opts: CgroupSourceOptions): string | undefined;
  readsLimit: boolean;
  derive(raw: CgroupRaw): MemoryReading;
}

const V1_KMEM = 'memory.kmem.usage_in_bytes';
const V1_MEMSW = 'memory.memsw.usage_in_bytes';
const V2_SWAP = 'memory.swap.current';

const CGROUP_V1: CgroupVersion = {
  kind: 'cgroup-v1',
  label: 'v1',
  usageFile: 'memory.usage_in_bytes',
  peakFile: 'memory.max_usage_in_bytes',
  countersFile: 'memory.oom_control',
  extraFiles: [V1_KMEM, V1_MEMSW],
  // PSI only from the unified mount in hybrid mode (docs/design/measurement.md#psi).
  pressureDir: (opts) => opts.psiDir,
  readsLimit: false,
  derive: (raw) =>
    deriveV1({
      usage: raw.usage,
      stat: raw.stat,
      kmemUsage: raw.extra[V1_KMEM],
      memswUsage: raw.extra[V1_MEMSW],
      peak: raw.peak,
      oomControl: raw.counters,
      pressure: raw.pressure,
    }),
};

const CGROUP_V2: CgroupVersion = {
  kind: 'cgroup-v2',
  label: 'v2',
  usageFile: 'memory.current',
  peakFile: 'memory.peak',
  countersFile: 'memory.events',
  extraFiles: [V2_SWAP],
  pressureDir: (opts) => opts.psiDir ?? opts.dir,
  readsLimit: true,
  derive: (raw) =>
    deriveV2({
      usage: raw.usage,
      stat: raw.stat,
      swapCurrent: raw.extra[V2_SWAP],
      peak: raw.peak,
      limit: raw.limit,
      events: raw.counters,
      pressure: raw.pressure,
    }),
};

const LIMIT_REFRESH_MS = 10_000;

export class CgroupSource implements MemorySource {
  readonly info: SourceInfo;
  private readonly buf = Buffer.allocUnsafe(64 * KiB);
  private readonly fastBuf = Buffer.allocUnsafe(64);
  private readonly usage: HeldFile;
  private readonly stat: HeldFile | undefined;
  private readonly peak: HeldFile | undefined;
  private readonly counters: HeldFile | undefined;
  private readonly extra: [string, HeldFile | undefined][];
  private readonly pressure: HeldFile | undefined;
  private limit: { value: number | null | undefined; atMs: number } | undefined;

  constructor(
    private readonly version: CgroupVersion,
    private readonly opts: CgroupSourceOptions,
  ) {
    const { dir } = opts;
    const usage = HeldFile.open(`${dir}/${version.usageFile}`, this.fastBuf);
    if (!usage) throw new MemgateError('cannotMeasure', { reason: `${dir}/${version.usageFile} is missing` });
    this.usage = usage;
    this.stat = HeldFile.open(`${dir}/memory.stat`, this.buf);
    this.peak = HeldFile.open(`${dir}/${version.peakFile}`, this.buf);
    this.counters = HeldFile.open(`${dir}/${version.countersFile}`, this.buf);
    this.extra = version.extraFiles.map((f) => [f, HeldFile.open(`${dir}/${f}`, this.buf)]);
    const psiDir = version.pressureDir(opts);
    this.pressure = psiDir === undefined ? undefined : HeldFile.open(`${psiDir}/memory.pressure`, this.buf);
    this.info = {
      kind: version.kind,
      confidence: 'high',
      reason: opts.reason ?? `cgroup ${version.label} files at ${dir}`,
      cgroupDir: dir,
      peakSupported: this.peak !== undefined,
      psiSupported: this.pressure?.readText() !== undefined,
    };
  }

  readUsage(): number | undefined {
    return this.usage.readNumber();
  }

  readStats(): Promise<MemoryReading | undefined> {
    const usage = this.usage.readNumber();
    const statText = this.stat?.readText();
    if (usage === undefined || statText === undefined) return Promise.resolve(undefined);
    const stat = parseFlatKeyed(statText);
    const pressure = this.pressure?.readText();
    return Promise.resolve(
      this.version.derive({
        usage,
        stat,
        pressure: pressure === undefined ? undefined : parsePressure(pressure),
        extra: Object.fromEntries(this.extra.map(([f, held]) => [f, held?.readNumber()])),
        peak: this.peak?.readNumber(),
        limit: this.version.readsLimit ? this.readLimit() : undefined,
        counters: this.readCounters(),
      }),
    );
  }

  readRawStat(): Promise<Record<string, number> | undefined> {
    const text = this.stat?.readText();
    return Promise.resolve(text === undefined ? undefined : numbersOnly(parseFlatKeyed(text)));
  }

  close(): Promise<void> {
    for (const f of [this.usage, this.stat, this.peak, this.counters, ...this.extra.map(([, held]) => held)])
      f?.close();
    this.pressure?.close();
    return Promise.resolve();
  }

  private readCounters(): KeyedValues | undefined {
    const text = this.counters?.readText();
    return text === undefined ? undefined : parseFlatKeyed(text);
  }

  /** min(memory.max) up the tree (v2), refreshed every LIMIT_REFRESH_MS: it rarely changes. */
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
}

/** cgroup v1: memory.usage_in_bytes, memory.stat's total_* keys, kmem and memsw. */
export class CgroupV1Source extends CgroupSource {
  constructor(opts: CgroupSourceOptions) {
    super(CGROUP_V1, opts);
  }
}

/** cgroup v2: memory.current, memory.stat, memory.events, swap and the limit up the tree. */
export class CgroupV2Source extends CgroupSource {
  constructor(opts: CgroupSourceOptions) {
    super(CGROUP_V2, opts);
  }
}
