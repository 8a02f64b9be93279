import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, parseConfig } from '../../../src/config/load.js';
import { MemgateError } from '../../../src/errors.js';

const head = `version: 1
target:
  image: app:1
  port: 8080
`;
const tail = `scenarios:
  - name: s
    phases: [{ idle: 1s }]
`;

function errorOf(yaml: string): string {
  try {
    parseConfig(yaml, '/x/memgate.yml');
  } catch (e) {
    if (e instanceof MemgateError) return `${e.message}\n${(e.details ?? []).join('\n')}`;
    throw e;
  }
  throw new Error('expected a config error');
}

describe('target.metrics and target.evidence', () => {
  it('resolves metrics (port defaults to the target port) and evidence steps with their waits', () => {
    const plan = parseConfig(
      `${head}  metrics: { http: /metrics, series: [app_queue_depth] }
  evidence:
    steps:
      - exec: [jcmd, "1", GC.class_histogram]
      - { signal: SIGUSR2, collect: "/tmp/*.heapsnapshot", wait: 20s }
${tail}`,
      '/x/memgate.yml',
    );
    expect(plan.target.metrics).toEqual({ path: '/metrics', series: ['app_queue_depth'] });
    expect(plan.target.evidence).toEqual({
      when: 'on-fail',
      steps: [
        { kind: 'exec', argv: ['jcmd', '1', 'GC.class_histogram'], waitMs: 10_000 },
        { kind: 'signal', signal: 'SIGUSR2', collect: '/tmp/*.heapsnapshot', waitMs: 20_000 },
      ],
    });
  });

  it('rejects a step with both exec and signal, collect without signal, and unknown keys', () => {
    expect(errorOf(`${head}  evidence: { steps: [{ exec: [a], signal: SIGUSR2 }] }\n${tail}`)).toMatch(
      /exactly one of exec \| signal/,
    );
    expect(errorOf(`${head}  evidence: { steps: [{ exec: [a], collect: "/tmp/*" }] }\n${tail}`)).toMatch(
      /collect applies only to signal steps/,
    );
    expect(errorOf(`${head}  metrics: { http: /metrics, interval: 1s }\n${tail}`)).toMatch(/interval/);
    expect(errorOf(`${head}  metrics: { http: metrics }\n${tail}`)).toMatch(
      /expected a path such as \/metrics/,
    );
    expect(errorOf(`${head}  evidence: { when: sometimes, steps: [{ exec: [a] }] }\n${tail}`)).toMatch(
      /when/,
    );
  });

  it('loads the JVM example config', async () => {
    const plan = await loadConfig(join(import.meta.dirname, '../../../examples/jvm-service/memgate.yml'));
    expect(plan.target.metrics?.path).toBe('/metrics');
    expect(plan.target.evidence?.steps[0]).toMatchObject({
      kind: 'exec',
      argv: ['jcmd', '1', 'GC.class_histogram'],
    });
  });
});
