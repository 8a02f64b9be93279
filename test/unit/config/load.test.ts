import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, parseConfig } from '../../../src/config/load.js';
import { substituteTargetUrl } from '../../../src/config/target-url.js';
import { MemgateError } from '../../../src/errors.js';

const FIXTURE = join(import.meta.dirname, '../../fixtures/config/spec-example.yml');
const DIR = join(import.meta.dirname, '../../fixtures/config');
const MiB = 1024 ** 2;

describe('loadConfig on the SPEC section 3 example', () => {
  it('resolves the target in base units with absolute host paths', async () => {
    const plan = await loadConfig(FIXTURE);
    expect(plan.configFile).toBe(FIXTURE);
    expect(plan.target).toEqual({
      kind: 'image',
      image: 'ghcr.io/acme/api:pr-123',
      command: ['node', 'dist/server.js'],
      port: 8080,
      env: { NODE_ENV: 'production' },
      volumes: [`${DIR}/fixtures:/data:ro`],
      memoryBytes: 512 * MiB,
      cpus: 1,
      ready: { kind: 'http', path: '/healthz', status: 200, timeoutMs: 60_000 },
      gc: { method: 'POST', path: '/debug/gc' },
    });
    expect(plan.services).toEqual([
      {
        name: 'db',
        image: 'postgres:16',
        env: { POSTGRES_PASSWORD: 'test' },
        volumes: [],
        ready: { kind: 'tcp', port: 5432, timeoutMs: 60_000 },
      },
    ]);
    expect(plan.engine).toBe('docker');
    expect(plan.sampling).toEqual({ intervalMs: 100, statsIntervalMs: 1000 });
    expect(plan.repeat).toBe(3);
    expect(plan.baseline.file).toBe(`${DIR}/.memgate/baseline.json`);
    expect(plan.selfBudgetBytes).toBe(200 * MiB);
    expect(plan.warnings).toEqual([]);
  });

  it('resolves the gate with percentages as fractions and the slope max in bytes per hour', async () => {
    const { gate } = await loadConfig(FIXTURE);
    expect(gate).toEqual({
      metric: 'non_reclaimable',
      floor: { maxIncrease: 0.05, minBytes: 2 * MiB },
      peak: { maxIncrease: 0.1, minBytes: 4 * MiB, maxOfLimit: 0.9 },
      slope: { maxIncreasePerHour: 0.02, minBytesPerHour: 1 * MiB, maxBytesPerHour: 64 * MiB },
      recovery: { withinMs: 120_000, maxResidual: 0.05, minBytes: 2 * MiB },
      oom: 'fail',
      alpha: 0.01,
    });
  });

  it('expands use: giant-export with its with: override', async () => {
    const [giant] = (await loadConfig(FIXTURE)).scenarios;
    expect(giant).toEqual({
      name: 'giant-export',
      uses: 'giant-export',
      phases: [
        { kind: 'idle', durationMs: 10_000, generators: [] },
        {
          kind: 'load',
          generators: [
            {
              kind: 'download',
              path: '/export?rows=2000000',
              method: 'GET',
              count: 3,
              concurrency: 1,
              headers: {},
            },
          ],
        },
        { kind: 'cooldown', durationMs: 30_000, generators: [] },
      ],
    });
  });

  it('resolves inline scenarios: upload sizes, json fills, soak rate, command env', async () => {
    const plan = await loadConfig(FIXTURE);
    expect(plan.scenarios.map((s) => s.name)).toEqual([
      'giant-export',
      'upload-200mb',
      'long-prompt',
      'cart-soak',
      'existing-k6-script',
    ]);
    const [, upload, prompt, soak, k6] = plan.scenarios;
    expect(upload?.phases[1]?.generators[0]).toEqual({
      kind: 'upload',
      path: '/upload',
      method: 'POST',
      sizeBytes: 200 * MiB,
      count: 3,
      concurrency: 1,
      contentType: 'application/octet-stream',
      headers: {},
    });
    expect(prompt?.phases[1]).toEqual({
      kind: 'load',
      durationMs: 60_000,
      generators: [
        {
          kind: 'http',
          path: '/v1/complete',
          method: 'POST',
          headers: {},
          connections: 8,
          json: { prompt: { text: 'lorem ipsum ', sizeBytes: 8 * MiB } },
        },
      ],
    });
    expect(soak?.phases).toEqual([
      {
        kind: 'soak',
        durationMs: 600_000,
        generators: [
          { kind: 'http', path: '/api/cart', method: 'GET', headers: {}, connections: 32, rate: 500 },
        ],
      },
    ]);
    expect(k6?.phases).toEqual([
      {
        kind: 'load',
        generators: [
          { kind: 'command', argv: ['k6', 'run', 'load.js'], env: { BASE_URL: '${target.url}' }, cwd: DIR },
        ],
      },
    ]);
  });

  it('substitutes ${target.url} once the runner knows it', async () => {
    const k6 = (await loadConfig(FIXTURE)).scenarios[4]?.phases[0]?.generators[0];
    expect(substituteTargetUrl(k6, 'http://127.0.0.1:41234/')).toMatchObject({
      env: { BASE_URL: 'http://127.0.0.1:41234' },
      argv: ['k6', 'run', 'load.js'],
    });
  });

  it('substitutes ${target.host} and ${target.port} from the URL', () => {
    const gen = {
      argv: ['pgbench', '-h', '${target.host}', '-p', '${target.port}'],
      env: { A: '${target.host}:${target.port}' },
    };
    expect(substituteTargetUrl(gen, 'http://127.0.0.1:41234/')).toEqual({
      argv: ['pgbench', '-h', '127.0.0.1', '-p', '41234'],
      env: { A: '127.0.0.1:41234' },
    });
  });

  it('says which file is missing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'memgate-cfg-'));
    await expect(loadConfig(join(dir, 'nope.yml'))).rejects.toMatchObject({ code: 'configNotFound' });
  });
});

describe('defaults', () => {
  it('fills sampling, repeat, gate, ready and warns when no memory limit is set', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'memgate-cfg-'));
    const file = join(dir, 'memgate.yml');
    await writeFile(
      file,
      'version: 1\ntarget: { process: [node, server.js], port: 3000 }\nscenarios:\n  - name: s\n    phases: [idle, { load: { http: { path: /a } } }, { cooldown: }]\n',
    );
    const plan = await loadConfig(file);
    expect(plan.target).toEqual({
      kind: 'process',
      argv: ['node', 'server.js'],
      cwd: dir,
      port: 3000,
      env: {},
      ready: { kind: 'tcp', timeoutMs: 60_000 },
    });
    expect(plan.repeat).toBe(3);
    expect(plan.gate.slope).toEqual({ maxIncreasePerHour: 0.02, minBytesPerHour: MiB });
    expect(plan.scenarios[0]?.phases.map((p) => p.durationMs)).toEqual([10_000, 60_000, 30_000]);
    expect(plan.scenarios[0]?.phases[1]?.generators[0]).toEqual({
      kind: 'http',
      path: '/a',
      method: 'GET',
      headers: {},
      connections: 1,
    });
    expect(plan.warnings?.[0]).toMatch(/target\.memory is not set/);
  });

  it('runs several generators at once, the same kind more than once via a list', () => {
    const plan = parseConfig(
      'version: 1\ntarget: { image: x, memory: 1GiB }\nscenarios:\n  - name: fan\n    phases:\n      - load:\n          http: [ { name: a, path: /a, amount: 10 }, { path: /b, amount: 5, method: post } ]\n          download: { path: /big }\n          command: [ { run: [sh, -c, "true"], env: { A: 1 } } ]\n          env: { B: two }\n',
      '/x/memgate.yml',
    );
    const phase = plan.scenarios[0]?.phases[0];
    expect(phase?.durationMs).toBeUndefined();
    expect(phase?.generators.map((g) => g.kind)).toEqual(['http', 'http', 'download', 'command']);
    expect(phase?.generators[1]).toMatchObject({ method: 'POST', amount: 5 });
    expect(phase?.generators[3]).toEqual({
      kind: 'command',
      argv: ['sh', '-c', 'true'],
      env: { B: 'two', A: '1' },
      cwd: '/x',
    });
  });

  it('rejects a second scenario with the same name', () => {
    const yaml =
      'version: 1\ntarget: { image: x }\nscenarios:\n  - use: soak\n  - use: soak\n    with: { rate: 5 }\n';
    expect(() => parseConfig(yaml, '/x/m.yml')).toThrow(MemgateError);
    expect(() => parseConfig(yaml, '/x/m.yml')).toThrow(
      '/x/m.yml:5:10: scenarios[1].use: scenario name "soak" is already used',
    );
  });
});

describe('scenario env and payload, container keys of services', () => {
  const yaml = [
    'version: 1',
    'target: { image: etl:dev, env: { MODE: stream, ROWS: 10 }, memory: 256MiB }',
    'services:',
    '  - name: db',
    '    image: pg:local',
    '    command: [postgres, -c, work_mem=4MB]',
    '    entrypoint: [/usr/bin/env]',
    '    workdir: /var/lib/pg',
    '    env: { PGDATA: /tmp/pg }',
    '    volumes: ["./init:/init:ro", "pgdata:/data"]',
    '    ready: { tcp: 5432 }',
    'scenarios:',
    '  - name: small',
    '    env: { ROWS: 1000 }',
    '    payload: 64MiB',
    '    phases: [{ load: 1s }]',
    '  - name: plain',
    '    phases: [{ load: 1s }]',
  ].join('\n');

  it('carries a scenario env (strings) and payload (bytes)', () => {
    const plan = parseConfig(yaml, '/cfg/memgate.yml');
    expect(plan.scenarios[0]).toMatchObject({ env: { ROWS: '1000' }, payloadBytes: 64 * MiB });
    expect(plan.scenarios[1]?.env).toBeUndefined();
    expect(plan.scenarios[1]?.payloadBytes).toBeUndefined();
  });

  it('resolves service command, entrypoint, workdir, env and volumes (relative to the config file)', () => {
    expect(parseConfig(yaml, '/cfg/memgate.yml').services[0]).toEqual({
      name: 'db',
      image: 'pg:local',
      command: ['postgres', '-c', 'work_mem=4MB'],
      entrypoint: ['/usr/bin/env'],
      workdir: '/var/lib/pg',
      env: { PGDATA: '/tmp/pg' },
      volumes: ['/cfg/init:/init:ro', 'pgdata:/data'],
      ready: { kind: 'tcp', port: 5432, timeoutMs: 60_000 },
    });
  });
});
