import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultScenarioLibraryDir, listLibraryScenarios } from '../../../src/config/library.js';
import { parseConfig } from '../../../src/config/load.js';
import type { HttpGenerator, ScenarioSpec } from '../../../src/config/plan.js';

const MiB = 1024 ** 2;
const HEAD = 'version: 1\ntarget: { image: api:dev, port: 8080, memory: 512MiB }\n';

function scenario(entry: string, opts = {}): ScenarioSpec {
  const plan = parseConfig(`${HEAD}scenarios:\n  - ${entry}\n`, '/cfg/memgate.yml', opts);
  const s = plan.scenarios[0];
  if (!s) throw new Error('no scenario');
  return s;
}
const loadHttp = (s: ScenarioSpec) => s.phases[1]?.generators[0] as HttpGenerator;

describe('bundled scenario library', () => {
  it('ships the five SPEC scenarios next to package.json', () => {
    expect(listLibraryScenarios(defaultScenarioLibraryDir())).toEqual([
      'fan-out',
      'giant-export',
      'long-prompt',
      'soak',
      'upload-200mb',
    ]);
  });

  it('upload-200mb defaults to 3 sequential 200 MiB uploads', () => {
    expect(scenario('use: upload-200mb').phases[1]?.generators[0]).toMatchObject({
      kind: 'upload',
      sizeBytes: 200 * MiB,
      count: 3,
      concurrency: 1,
    });
  });

  it('upload-200mb takes a size and keeps numbers as numbers', () => {
    const s = scenario('use: upload-200mb\n    name: upload-1g\n    with: { size: 1GiB, count: 2 }');
    expect(s.name).toBe('upload-1g');
    expect(s.phases[1]?.generators[0]).toMatchObject({ sizeBytes: 1024 * MiB, count: 2 });
  });

  it('long-prompt warms up with 64 KiB prompts and loads with 8 MiB ones, size overridable', () => {
    const s = scenario('use: long-prompt\n    with: { size: 1MiB }');
    expect(s.phases.map((p) => p.kind)).toEqual(['warmup', 'load', 'cooldown']);
    expect((s.phases[0]?.generators[0] as HttpGenerator).json).toEqual({
      prompt: { text: 'lorem ipsum ', sizeBytes: 64 * 1024 },
    });
    expect(loadHttp(s)).toMatchObject({
      method: 'POST',
      connections: 8,
      json: { prompt: { text: 'lorem ipsum ', sizeBytes: MiB } },
    });
  });

  it('fan-out opens 500 connections for 20 s against /items', () => {
    const s = scenario('use: fan-out');
    expect(s.phases[1]?.durationMs).toBe(20_000);
    expect(loadHttp(s)).toMatchObject({ path: '/items', connections: 500 });
  });

  it('soak overrides duration, rate and path', () => {
    const s = scenario(
      'use: soak\n    with: { duration: 2m, rate: 50, path: "/api/cart?user=${target.url}" }',
    );
    expect(s.phases[1]).toMatchObject({ kind: 'soak', durationMs: 120_000 });
    expect(loadHttp(s)).toMatchObject({ rate: 50, path: '/api/cart?user=${target.url}' });
  });

  it('giant-export streams GET /export?rows=2000000 three times', () => {
    expect(scenario('use: giant-export').phases[1]?.generators[0]).toEqual({
      kind: 'download',
      path: '/export?rows=2000000',
      method: 'GET',
      count: 3,
      concurrency: 1,
      headers: {},
    });
  });

  it('reports a broken library fragment in the library file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'memgate-lib-'));
    await writeFile(
      join(dir, 'mine.yml'),
      'name: mine\ndescription: d\nparams: { path: /a }\nphases:\n  - load: { http: { path: "${params.pth}" } }\n',
    );
    expect(() => scenario('use: mine', { scenarioLibraryDir: dir })).toThrow(
      `${join(dir, 'mine.yml')}:5:28: phases[0].load.http.path: unknown reference "\${params.pth}": declared parameters are path`,
    );
  });
});
