/**
 * cgroup v1 memory source (docs/design/measurement.md#v1): memory.usage_in_bytes in the fast loop
 * through a held fd; memory.stat, max_usage_in_bytes, oom_control, kmem and memsw in the slow loop;
 * PSI from the unified mount in hybrid mode (docs/design/measurement.md#psi). The limit is hierarchical_memory_limit in memory.stat.
 */
import { MemgateError } from '../../errors.js';
import { KiB } from '../../units.js';
import type { SourceInfo } from '../run-record.js';
import type { CgroupSourceOptions } from './cgroup-v2-source.js';
import { deriveV1 } from './derive.js';
import { HeldFile } from './held-file.js';
import type { MemoryReading, MemorySource } from './memory-source.js';
import { parseFlatKeyed, parsePressure, type KeyedValues } from './parse/keyed.js';
import { numbersOnly } from './raw-stat.js';

export class CgroupV1Source implements MemorySource {
  readonly info: SourceInfo;
  private readonly buf = Buffer.allocUnsafe(64 * KiB);
  private readonly fastBuf = Buffer.allocUnsafe(64);
  private readonly usage: HeldFile;
  private readonly stat: HeldFile | undefined;
  private readonly peak: HeldFile | undefined;
  private readonly oomControl: HeldFile | undefined;
  private readonly kmem: HeldFile | undefined;
  private readonly memsw: HeldFile | undefined;
  private readonly pressure: HeldFile | undefined;

  constructor(opts: CgroupSourceOptions) {
    const { dir } = opts;
    const usage = HeldFile.open(`${dir}/memory.usage_in_bytes`, this.fastBuf);
    if (!usage)
      throw new MemgateError('cannotMeasure', { reason: `${dir}/memory.usage_in_bytes is missing` });
    this.usage = usage;
    this.stat = HeldFile.open(`${dir}/memory.stat`, this.buf);
    this.peak = HeldFile.open(`${dir}/memory.max_usage_in_bytes`, this.buf);
    this.oomControl = HeldFile.open(`${dir}/memory.oom_control`, this.buf);
    this.kmem = HeldFile.open(`${dir}/memory.kmem.usage_in_bytes`, this.buf);
    this.memsw = HeldFile.open(`${dir}/memory.memsw.usage_in_bytes`, this.buf);
    this.pressure =
      opts.psiDir === undefined ? undefined : HeldFile.open(`${opts.psiDir}/memory.pressure`, this.buf);
    this.info = {
      kind: 'cgroup-v1',
      confidence: 'high',
      reason: opts.reason ?? `cgroup v1 files at ${dir}`,
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
      deriveV1({
        usage,
        stat,
        kmemUsage: this.kmem?.readNumber(),
        memswUsage: this.memsw?.readNumber(),
        peak: this.peak?.readNumber(),
        oomControl: this.readOomControl(),
        pressure: pressure === undefined ? undefined : parsePressure(pressure),
      }),
    );
  }

  /** memory.oom_control (`oom_kill` is local to this cgroup on v1). */
  readOomControl(): KeyedValues | undefined {
    const text = this.oomControl?.readText();
    return text === undefined ? undefined : parseFlatKeyed(text);
  }

  readRawStat(): Promise<Record<string, number> | undefined> {
    const text = this.stat?.readText();
    return Promise.resolve(text === undefined ? undefined : numbersOnly(parseFlatKeyed(text)));
  }

  close(): Promise<void> {
    for (const f of [this.usage, this.stat, this.peak, this.oomControl, this.kmem, this.memsw, this.pressure])
      f?.close();
    return Promise.resolve();
  }
}
