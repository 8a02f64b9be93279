import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import type { ComposeTarget } from '../../../src/config/plan.js';
import { composeOverride, readComposeModel } from '../../../src/runner/drivers/compose-override.js';

const target: ComposeTarget = {
  kind: 'compose',
  file: '/x/compose.yaml',
  service: 'api',
  port: 8080,
  memoryBytes: 64 * 2 ** 20,
  cpus: 1,
  env: {},
  ready: { kind: 'tcp', timeoutMs: 1000 },
};
const labels = { 'memgate.session': 's1' };

describe('compose override', () => {
  test('labels every service and network; limits and a loopback port on the measured one', () => {
    const model = readComposeModel(
      'services: { api: { image: a }, db: { image: b, networks: [back] } }\nnetworks: { back: {}, ext: { external: true } }',
      'f',
    );
    const o = parse(composeOverride(model, target, labels)) as Record<
      string,
      Record<string, Record<string, unknown>>
    >;
    expect(o['services']?.['db']?.['labels']).toEqual({ ...labels, 'memgate.compose.service': 'db' });
    expect(o['services']?.['api']).toMatchObject({
      ports: ['127.0.0.1::8080'],
      mem_limit: 64 * 2 ** 20,
      memswap_limit: 64 * 2 ** 20,
      cpus: 1,
    });
    expect(Object.keys(o['networks'] ?? {}).sort()).toEqual(['back', 'default']);
    expect(o['version']).toBeUndefined();
  });

  test('a 3.x file keeps its version and gets no mem_limit (set by docker update instead)', () => {
    const model = readComposeModel("version: '3.8'\nservices: { api: { image: a } }", 'f');
    const o = parse(composeOverride(model, target, labels)) as Record<string, unknown>;
    expect(o['version']).toBe('3.8');
    expect(JSON.stringify(o)).not.toMatch(/mem_limit/);
  });
});
