/**
 * Which verdicts become run annotations: failing scenario-metrics as errors, then warn / inconclusive
 * ones as warnings, capped so the runner's per-step limit never hides the summary line ("and N more").
 */
import type { MetricVerdict } from '../compare/verdict.js';
import type { Results } from '../results.js';
import type { Annotation } from './actions-env.js';

export const MAX_ANNOTATIONS = 10;

export function verdictAnnotations(results: Results, max: number = MAX_ANNOTATIONS): Annotation[] {
  const all: Annotation[] = [];
  for (const level of ['error', 'warning'] as const) {
    for (const scenario of results.scenarios) {
      for (const metric of scenario.verdict?.metrics ?? []) {
        if (levelOf(metric) === level) all.push(toAnnotation(scenario.name, metric, level));
      }
    }
  }
  if (all.length <= max) return all;
  const shown = all.slice(0, max - 1);
  const rest = all.length - shown.length;
  return [
    ...shown,
    {
      level: all.some((a, i) => i >= shown.length && a.level === 'error') ? 'error' : 'warning',
      title: 'memgate: more findings',
      message: `and ${rest} more; see the job summary for the full table`,
    },
  ];
}

function levelOf(metric: MetricVerdict): Annotation['level'] | undefined {
  if (metric.status === 'fail') return 'error';
  if (metric.status === 'warn' || metric.status === 'inconclusive') return 'warning';
  return undefined;
}

function toAnnotation(scenario: string, metric: MetricVerdict, level: Annotation['level']): Annotation {
  return { level, title: `memgate: ${scenario} ${metric.metric} ${metric.status}`, message: metric.reason };
}
