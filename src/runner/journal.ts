/**
 * The run journal: an append-only NDJSON file per run, written as samples come. If memgate is killed
 * at hour 5 of a soak, hours 0-5 stay readable and analysable (`readJournal`). Lines:
 *   {"h": header}                      once, first: the RunRecord fields known at start
 *   {"s": StatSample, "f": [[t,u],..]} every slow tick, with the fast samples since the last one
 *   {"p": PhaseMark}                   when a phase ends
 *   {"e": RunEvent}                    as events happen
 *   {"end": rest of the RunRecord}     once, last, when the run finished normally
 */
import { closeSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { MemgateError } from '../errors.js';
import { msToSec } from '../units.js';
import {
  RUN_RECORD_SCHEMA,
  type FastSample,
  type PhaseMark,
  type RunEvent,
  type RunRecord,
  type StatSample,
} from './run-record.js';
import type { SampleSink } from './sampling/sampler.js';

/** The RunRecord fields known when the run starts. */
export type JournalHeader = Pick<
  RunRecord,
  | 'scenario'
  | 'run'
  | 'side'
  | 'driver'
  | 'target'
  | 'startedAt'
  | 'intervalMs'
  | 'statsIntervalMs'
  | 'source'
>;

type End = Omit<RunRecord, keyof JournalHeader | 'schema' | 'fast' | 'stats' | 'phases' | 'events'>;

export class RunJournal implements SampleSink {
  private pendingFast: [number, number][] = [];
  private fd: number | undefined;

  constructor(
    readonly file: string,
    header: JournalHeader,
  ) {
    mkdirSync(dirname(file), { recursive: true });
    // Synchronous appends: one small write per second, and each line is on disk before the next tick.
    this.fd = openSync(file, 'w');
    this.line({ h: header });
  }

  fast(tMs: number, usageBytes: number): void {
    this.pendingFast.push([Math.round(tMs * 10) / 10, usageBytes]);
  }

  stat(sample: StatSample): void {
    this.line({ s: sample, f: this.pendingFast });
    this.pendingFast = [];
  }

  phase(mark: PhaseMark): void {
    this.line({ p: mark });
  }

  event(event: RunEvent): void {
    this.line({ e: event });
  }

  finish(record: RunRecord): void {
    const { schema: _s, fast: _f, stats: _st, phases: _p, events: _e, ...rest } = record;
    const end: Partial<RunRecord> = { ...rest };
    for (const k of [
      'scenario',
      'run',
      'side',
      'driver',
      'target',
      'startedAt',
      'intervalMs',
      'statsIntervalMs',
      'source',
    ] as const) {
      delete end[k];
    }
    if (this.pendingFast.length > 0) this.line({ f: this.pendingFast });
    this.line({ end });
    this.close();
  }

  close(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
  }

  private line(value: unknown): void {
    if (this.fd === undefined) return;
    writeSync(this.fd, `${JSON.stringify(value)}\n`);
  }
}

/** Rebuilds a RunRecord from a journal; a journal without its end line gives a partial, flagged record. */
export function readJournal(file: string): RunRecord {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new MemgateError('resultsCorrupt', {
      file,
      reason: (e as NodeJS.ErrnoException).code ?? String(e),
    });
  }
  let header: JournalHeader | undefined;
  let end: End | undefined;
  const fast: FastSample[] = [];
  const stats: StatSample[] = [];
  const phases: PhaseMark[] = [];
  const events: RunEvent[] = [];
  const lines = text.split('\n');
  for (const [i, raw] of lines.entries()) {
    if (raw.trim() === '') continue;
    let entry: {
      h?: JournalHeader;
      s?: StatSample;
      f?: [number, number][];
      p?: PhaseMark;
      e?: RunEvent;
      end?: End;
    };
    try {
      entry = JSON.parse(raw) as typeof entry;
    } catch {
      // A killed memgate can leave half a last line; anything earlier being broken is corruption.
      if (i >= lines.length - 2) break;
      throw new MemgateError('resultsCorrupt', { file, reason: `line ${i + 1} is not JSON` });
    }
    if (entry.h) header = entry.h;
    for (const [tMs, usageBytes] of entry.f ?? []) fast.push({ tMs, usageBytes });
    if (entry.s) stats.push(entry.s);
    if (entry.p) phases.push(entry.p);
    if (entry.e) events.push(entry.e);
    if (entry.end) end = entry.end;
  }
  if (!header) throw new MemgateError('resultsCorrupt', { file, reason: 'no journal header (first line)' });
  const lastMs = Math.max(stats.at(-1)?.tMs ?? 0, fast.at(-1)?.tMs ?? 0);
  const rest: End = end ?? {
    load: [],
    oom: { classification: 'UNKNOWN', oomKills: 0, reasons: ['the run was cut off; OOM state unknown'] },
    self: {
      peakRssBytes: Math.max(0, ...stats.map((s) => s.selfRssBytes ?? 0)),
      budgetBytes: 0,
      withinBudget: true,
    },
    logTail: [],
    warnings: [`run cut off at ${Math.round(msToSec(lastMs))} s; recovered from the journal ${file}`],
    // Nobody saw the end: its figures are readable, but it never counts (runner/validity.ts).
    valid: false,
    cutShort: `memgate was cut off at ${Math.round(msToSec(lastMs))} s`,
  };
  return { schema: RUN_RECORD_SCHEMA, ...header, fast, stats, phases, events, ...rest };
}
