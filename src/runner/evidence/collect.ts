/**
 * Runs `target.evidence` steps on the live target, after its last phase and before it is removed.
 * Every step is bounded by its own `wait`: a step that fails or times out is recorded (a warning in
 * the results), never thrown, and never holds the target's removal past that bound.
 */
import { mkdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { EvidenceSpec, EvidenceStep } from '../../config/plan.js';
import { errorText } from '../../errors.js';
import { MiB } from '../../units.js';
import { definedOnly } from '../../util/defined-only.js';
import type { InsideTarget } from '../drivers/inside-target.js';
import type { EvidenceRecord, EvidenceStepResult } from '../run-record.js';
import { parseClassHistogram } from './class-histogram.js';

/** How often a signalled target's output folder is looked at while it writes. */
const COLLECT_POLL_MS = 500;

export function describeStep(step: EvidenceStep): string {
  if (step.kind === 'exec') return `exec ${step.argv.join(' ')}`;
  return `signal ${step.signal}${step.collect === undefined ? '' : ` -> ${step.collect}`}`;
}

/** `exec jcmd 1 GC.class_histogram` -> `1-jcmd-1-GC.class_histogram.txt` */
function execFileName(index: number, argv: string[]): string {
  return `${index + 1}-${argv
    .join('-')
    .replace(/[^a-zA-Z0-9_.-]/g, '_')
    .slice(0, 80)}.txt`;
}

/** Histograms are small tables; a bigger output is some other dump and is not parsed. */
const HISTOGRAM_MAX_BYTES = 8 * MiB;

async function readHistogram(file: string) {
  const size = await stat(file).then(
    (s) => s.size,
    () => Infinity,
  );
  if (size > HISTOGRAM_MAX_BYTES) return undefined;
  return parseClassHistogram(await readFile(file, 'utf8'));
}

async function sizes(dir: string, names: string[]): Promise<string> {
  const s = await Promise.all(
    names.map((n) =>
      stat(join(dir, n)).then(
        (x) => x.size,
        () => -1,
      ),
    ),
  );
  return names.map((n, i) => `${n}:${s[i]}`).join(',');
}

/**
 * Copies until the matching files stop growing (a heap snapshot is written over a second or more)
 * or the step's wait runs out.
 */
async function collectSettled(
  inside: InsideTarget,
  glob: string,
  dir: string,
  deadline: number,
): Promise<string[]> {
  let last = '';
  let names: string[] = [];
  while (Date.now() < deadline) {
    await sleep(Math.min(COLLECT_POLL_MS, Math.max(0, deadline - Date.now())));
    names = await inside.collect(glob, dir, Math.max(1, deadline - Date.now()));
    const now = await sizes(dir, names);
    if (names.length > 0 && now === last) return names;
    last = now;
  }
  return names;
}

async function runStep(
  inside: InsideTarget,
  step: EvidenceStep,
  index: number,
  dir: string,
  outDir: string,
): Promise<EvidenceStepResult> {
  const started = Date.now();
  const deadline = started + step.waitMs;
  const base = { step: describeStep(step) };
  try {
    if (step.kind === 'exec') {
      const file = join(dir, execFileName(index, step.argv));
      const r = await inside.exec(step.argv, step.waitMs, file);
      const ok = r.exitCode === 0 && !r.timedOut;
      const histogram = ok ? await readHistogram(file) : undefined;
      return {
        ...base,
        ...definedOnly({ histogram }),
        ok,
        durationMs: Date.now() - started,
        files: [relative(outDir, file)],
        ...(ok
          ? {}
          : {
              detail: r.timedOut
                ? `timed out after ${step.waitMs} ms`
                : `exit ${r.exitCode}: ${r.stderr.trim()}`,
            }),
      };
    }
    await inside.signal(step.signal);
    const names = step.collect === undefined ? [] : await collectSettled(inside, step.collect, dir, deadline);
    const ok = step.collect === undefined || names.length > 0;
    return {
      ...base,
      ok,
      durationMs: Date.now() - started,
      files: names.map((n) => relative(outDir, join(dir, n))),
      ...(ok ? {} : { detail: `no file matched ${step.collect} within ${step.waitMs} ms` }),
    };
  } catch (e) {
    return {
      ...base,
      ok: false,
      durationMs: Date.now() - started,
      files: [],
      detail: errorText(e),
    };
  }
}

/** Folder of one run's evidence, relative to the results folder: evidence/SCENARIO/RUN (base-RUN). */
export function evidenceDir(scenario: string, side: 'current' | 'base', run: number): string {
  return join(
    'evidence',
    scenario.replace(/[^a-zA-Z0-9_.-]/g, '_'),
    side === 'base' ? `base-${run}` : String(run),
  );
}

export async function collectEvidence(
  inside: InsideTarget,
  spec: EvidenceSpec,
  outDir: string,
  dirRel: string,
  trigger: string,
): Promise<EvidenceRecord> {
  const dir = join(outDir, dirRel);
  await mkdir(dir, { recursive: true });
  const steps: EvidenceStepResult[] = [];
  for (const [i, step] of spec.steps.entries()) steps.push(await runStep(inside, step, i, dir, outDir));
  return { trigger, steps };
}
