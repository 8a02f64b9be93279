/**
 * Records the memory of the target's dependencies (services, other Compose services) at the stats
 * interval, on the run's clock. Never gated and never fatal: a dependency that cannot be measured
 * gets a warning in its record instead.
 */
import { errorText } from '../../errors.js';
import { definedOnly } from '../../util/defined-only.js';
import type { CompanionContainer } from '../drivers/driver.js';
import type { RunClock } from '../run-clock.js';
import type { ServiceRecord } from '../run-record.js';
import type { SamplerHandle, SamplerOptions } from './sampler.js';

export interface CompanionSampling {
  stop(): Promise<ServiceRecord[]>;
}

interface Running {
  companion: CompanionContainer;
  sampler?: SamplerHandle;
  source?: ServiceRecord['source'];
  warning?: string;
}

export async function startCompanionSampling(
  companions: readonly CompanionContainer[],
  opts: { statsIntervalMs: number; clock: RunClock; startSampler(o: SamplerOptions): SamplerHandle },
): Promise<CompanionSampling> {
  const running: Running[] = [];
  for (const companion of companions) {
    try {
      const source = await companion.memorySource();
      const sampler = opts.startSampler({
        source,
        // One loop is enough for a dependency: the fast loop runs at the stats interval too.
        intervalMs: opts.statsIntervalMs,
        statsIntervalMs: opts.statsIntervalMs,
        clock: opts.clock.readNs,
        t0Ns: opts.clock.t0Ns,
      });
      running.push({ companion, sampler, source: source.info });
    } catch (e) {
      running.push({
        companion,
        warning: `memory of ${companion.name} cannot be measured: ${errorText(e)}`,
      });
    }
  }
  return {
    stop: () =>
      Promise.all(
        running.map(async (r): Promise<ServiceRecord> => {
          const result = await r.sampler?.stop();
          return {
            name: r.companion.name,
            containerId: r.companion.containerId,
            ...definedOnly({ source: r.source }),
            stats: result?.stats ?? [],
            warnings: [...(r.warning === undefined ? [] : [r.warning]), ...(result?.warnings ?? [])],
          };
        }),
      ),
  };
}
