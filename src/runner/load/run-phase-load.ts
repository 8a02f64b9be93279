/**
 * Runs a phase's generators at once (fan-out). With a phase duration the phase lasts exactly that
 * long: generators still running then are stopped, and the phase waits out the rest if they finish
 * early. Without one it ends when every generator is done. Aborting `ctx.signal` stops everything.
 */
import type { GeneratorSpec } from '../../config/plan.js';
import type { LoadStats } from '../run-record.js';
import { commandGenerator } from './command.js';
import { deadlineOf, sleep } from './deadline.js';
import { downloadGenerator } from './download.js';
import { httpGenerator } from './http.js';
import type { LoadContext, LoadGenerator } from './load-generator.js';
import { uploadGenerator } from './upload.js';

type GeneratorKind = GeneratorSpec['kind'];

/** One generator per kind; the type checks each handles exactly its own spec variant. */
export const generators = {
  http: httpGenerator,
  upload: uploadGenerator,
  download: downloadGenerator,
  command: commandGenerator,
} satisfies { [K in GeneratorKind]: LoadGenerator<Extract<GeneratorSpec, { kind: K }>> };

export function runGenerator(spec: GeneratorSpec, ctx: LoadContext): Promise<LoadStats> {
  switch (spec.kind) {
    case 'http':
      return generators.http.run(spec, ctx);
    case 'upload':
      return generators.upload.run(spec, ctx);
    case 'download':
      return generators.download.run(spec, ctx);
    case 'command':
      return generators.command.run(spec, ctx);
  }
}

/** Stats come back in the order of `specs`. If one generator fails, the others are stopped and the error rethrown. */
export async function runPhaseLoad(specs: GeneratorSpec[], ctx: LoadContext): Promise<LoadStats[]> {
  const stopAll = new AbortController();
  const onAbort = (): void => stopAll.abort(ctx.signal.reason);
  if (ctx.signal.aborted) onAbort();
  else ctx.signal.addEventListener('abort', onAbort, { once: true });
  const deadline = deadlineOf({ signal: stopAll.signal, durationMs: ctx.durationMs });
  const phaseStartMs = performance.now();
  const generatorCtx: LoadContext = { ...ctx, signal: deadline.signal };
  try {
    const settled = await Promise.allSettled(
      specs.map((spec) =>
        runGenerator(spec, generatorCtx).catch((err: unknown) => {
          stopAll.abort(err);
          throw err;
        }),
      ),
    );
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
    if (ctx.durationMs !== undefined) {
      await sleep(ctx.durationMs - (performance.now() - phaseStartMs), deadline.signal);
    }
    return settled.map((s) => (s as PromiseFulfilledResult<LoadStats>).value);
  } finally {
    deadline.dispose();
    ctx.signal.removeEventListener('abort', onAbort);
  }
}
