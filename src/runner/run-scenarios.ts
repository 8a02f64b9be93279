/**
 * Runs every selected scenario `repeat` times, each run on a fresh target. With `against`, the base
 * image runs interleaved with the candidate in ABBA order (A B B A ...) so both sides see the same machine noise.
 * Each finished run is handed to `onRun` at once, so a later crash loses nothing.
 */
import { join } from 'node:path';
import type { Plan, ScenarioSpec, TargetSpec } from '../config/plan.js';
import { definedOnly } from '../util/defined-only.js';
import type { RunnerDeps } from './run-context.js';
import type { RunRecord } from './run-record.js';
import { runScenarioOnce } from './run-scenario.js';

export interface RunAllOptions {
  sessionId: string;
  logDir: string;
  repeat: number;
  /** Index of the first run (default 0); confirm-on-fail numbers its extra runs after the first ones. */
  firstRun?: number;
  /** Base image to interleave with the target (`--against IMAGE`). */
  against?: string;
  signal?: AbortSignal;
  /** Folder for the per-run journals (samples written as they come); none when undefined. */
  journalDir?: string;
  /** Confirmation runs after a failed comparison (they collect `on-fail` evidence). */
  confirmation?: boolean;
  onRun(record: RunRecord): Promise<void>;
}

export function baseTarget(target: TargetSpec, image: string): TargetSpec {
  if (target.kind === 'image' || target.kind === 'build') {
    return {
      kind: 'image',
      image,
      env: target.env,
      volumes: target.volumes,
      ready: target.ready,
      ...definedOnly({
        port: target.port,
        memoryBytes: target.memoryBytes,
        cpus: target.cpus,
        gc: target.gc,
        metrics: target.metrics,
        evidence: target.evidence,
        job: target.job,
        command: target.command,
        entrypoint: target.entrypoint,
        workdir: target.workdir,
      }),
    };
  }
  return target;
}

export async function runScenarios(
  plan: Plan,
  scenarios: ScenarioSpec[],
  options: RunAllOptions,
  deps: RunnerDeps,
): Promise<RunRecord[]> {
  const records: RunRecord[] = [];
  const sides: { side: 'current' | 'base'; target: TargetSpec }[] = [
    { side: 'current', target: plan.target },
  ];
  if (options.against !== undefined)
    sides.push({ side: 'base', target: baseTarget(plan.target, options.against) });
  for (const scenario of scenarios) {
    const firstRun = options.firstRun ?? 0;
    for (let run = firstRun; run < firstRun + options.repeat; run++) {
      // ABBA order (current, base, base, current, ...): a drift of the host over the job hits both
      // sides alike, and pairs are matched by run id, not by position.
      const order = (run - firstRun) % 2 === 0 ? sides : [...sides].reverse();
      for (const { side, target } of order) {
        if (options.signal?.aborted) return records;
        deps.progress.emit({
          kind: 'run-start',
          scenario: scenario.name,
          run,
          runs: firstRun + options.repeat,
          side,
        });
        const record = await runScenarioOnce(
          {
            plan,
            scenario,
            target,
            run,
            side,
            ...(options.confirmation === true ? { confirmation: true } : {}),
            ...(options.journalDir === undefined
              ? {}
              : { journalFile: join(options.journalDir, journalName(scenario.name, side, run)) }),
            ctx: {
              sessionId: options.sessionId,
              scenario: scenario.name,
              run,
              logDir: options.logDir,
              ...definedOnly({ signal: options.signal }),
            },
          },
          deps,
        );
        records.push(record);
        await options.onRun(record);
      }
    }
  }
  return records;
}

/** File name of a run's journal; `readResults` uses it to find runs missing from a results file. */
export function journalName(scenario: string, side: 'current' | 'base', run: number): string {
  return `${scenario.replace(/[^a-zA-Z0-9_.-]/g, '_')}.${side}.${run}.ndjson`;
}
