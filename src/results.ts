/** The results file, `memgate-results.json` (README.md#how-it-works). */
import type { RunSummary } from './analysis/run-summary.js';
import type { ScenarioVerdict, Status } from './compare/verdict.js';
import type { WhatGrew } from './compare/what-grew.js';
import type { GateSpec } from './config/plan.js';
import type { Fingerprint } from './fingerprint.js';
import type { RunRecord } from './runner/run-record.js';

export const RESULTS_SCHEMA = 'memgate/results@1';

export interface ScenarioResult {
  name: string;
  runs: RunRecord[];
  summaries: RunSummary[];
  verdict?: ScenarioVerdict;
  /** What grew, the limit it needs, the runtime ceiling (README.md#what-grew-and-why); absent in older results. */
  attribution?: WhatGrew['attribution'];
  sizing?: WhatGrew['sizing'];
  runtimeCeiling?: WhatGrew['runtimeCeiling'];
}

export interface Results {
  schema: typeof RESULTS_SCHEMA;
  tool: { name: 'memgate'; version: string };
  createdAt: string;
  commit?: string;
  fingerprint: Fingerprint;
  target: { description: string; image?: string; against?: string };
  configFile: string;
  /** The gate the verdicts were computed with (so `memgate compare` can re-evaluate). */
  gate: GateSpec;
  scenarios: ScenarioResult[];
  verdict: Status;
  warnings: string[];
}
