import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load.js';
import { MemgateError } from '../../../src/errors.js';

const FILE = '/cfg/memgate.yml';

/** Parses and returns the thrown MemgateError (fails the test if nothing is thrown). */
function errorOf(yaml: string): MemgateError {
  try {
    parseConfig(yaml, FILE);
  } catch (e) {
    if (e instanceof MemgateError) return e;
    throw e;
  }
  throw new Error('expected parseConfig to throw');
}

const HEAD = 'version: 1\ntarget:\n  image: api:dev\n  port: 8080\n  memory: 256MiB\n';
const IDLE = 'scenarios:\n  - name: s\n    phases:\n      - idle: 1s\n';

describe('config errors point at file:line:column with a path', () => {
  it('reports an unclosed [ where it opened, not where the parser gave up', () => {
    const e = errorOf('version: 1\ntarget:\n  image: x\n  port: [8080\n  memory: 5MiB\n');
    expect(e.code).toBe('configSyntax');
    expect(e.exitCode).toBe(2);
    expect(e.args).toMatchObject({ line: 4, column: 9 });
    expect(e.message).toMatch(/^\/cfg\/memgate\.yml:4:9: YAML syntax error: .*end with a \]/);
    expect(e.message).toContain('(opened here; the parser gave up at 5:3)');
  });

  it('reports an unclosed quote and an unclosed { where they opened', () => {
    expect(errorOf('version: 1\ntarget: "abc\nrepeat: 1\n').args).toMatchObject({ line: 2, column: 9 });
    expect(errorOf('version: 1\ntarget: {image: x\nrepeat: 1\n').args).toMatchObject({
      line: 2,
      column: 9,
    });
  });

  it.each([
    [
      'memory: 512',
      'memory',
      'a size needs a unit, got 512: write 512MiB (or 512B if you meant exactly that)',
    ],
    [
      'ready: { tcp: true, timeout: 5 }',
      'ready.timeout',
      'a duration needs a unit, got 5: write 5s (or 5ms if you meant exactly that)',
    ],
  ])('refuses a size or duration without a unit (%s) at its value, with a hint', (line, path, message) => {
    const e = errorOf(`version: 1\ntarget:\n  image: api:dev\n  port: 8080\n  ${line}\n${IDLE}`);
    expect(e.code).toBe('configSchema');
    expect(e.exitCode).toBe(2);
    expect(e.args).toMatchObject({ line: 5, path: `target.${path}`, message });
  });

  it('refuses a bare phase duration', () => {
    const e = errorOf(`${HEAD}scenarios:\n  - name: s\n    phases:\n      - idle: 5\n`);
    expect(e.message).toMatch(
      /memgate\.yml:9:15: scenarios\[0\]\.phases\[0\]\.idle: a duration needs a unit/,
    );
  });

  it('reports a duplicate key as a syntax error at the second key', () => {
    const e = errorOf(`${HEAD}  port: 9090\n${IDLE}`);
    expect(e.code).toBe('configSyntax');
    expect(e.args).toMatchObject({ line: 6, column: 3 });
  });

  it('reports an unknown top-level key at the key, with a suggestion', () => {
    const e = errorOf(`${HEAD}${IDLE}repaet: 3\n`);
    expect(e.code).toBe('configSchema');
    expect(e.message).toBe(
      '/cfg/memgate.yml:10:1: (top level): unknown key "repaet" (did you mean "repeat"?)',
    );
  });

  it('reports an unknown nested key with the closest known key', () => {
    const e = errorOf(
      `${HEAD}scenarios:\n  - name: s\n    phases:\n      - idle: 1s\n      - load:\n          uplaod: { path: /u, size: 1MiB }\n`,
    );
    expect(e.message).toBe(
      '/cfg/memgate.yml:11:11: scenarios[0].phases[1].load: unknown key "uplaod" (did you mean "upload"?)',
    );
  });

  it('reports a wrong type at the value', () => {
    const e = errorOf(`version: 1\ntarget:\n  image: api:dev\n  port: eighty\n${IDLE}`);
    expect(e.args).toMatchObject({ line: 4, column: 9, path: 'target.port' });
    expect(e.args.message).toBe('expected a number, got "eighty"');
  });

  it('reports a wrong type deep inside a generator list', () => {
    const e = errorOf(
      `${HEAD}scenarios:\n  - name: s\n    phases:\n      - load:\n          duration: 1s\n          http: [ { path: /a }, { path: /b, connections: many } ]\n`,
    );
    expect(e.args.path).toBe('scenarios[0].phases[0].load.http[1].connections');
    expect(e.args.message).toBe('expected a number, got "many"');
    expect(e.args).toMatchObject({ line: 11, column: 58 });
  });

  it.each([
    ['memory: 512XB', 'target.memory', 'expected a size like 512MiB, 200MB, 64KiB, got "512XB"'],
    ['memory: true', 'target.memory', 'expected a size like 512MiB, 200MB, 64KiB, got true'],
    [
      'ready: { http: /h, timeout: 10 sec }',
      'target.ready.timeout',
      'expected a duration like 100ms, 30s, 10m, 2h, got "10 sec"',
    ],
  ])('reports a bad unit in %s', (line, path, message) => {
    const e = errorOf(`version: 1\ntarget:\n  image: api:dev\n  ${line}\n${IDLE}`);
    expect(e.args).toMatchObject({ line: 4, path, message });
  });

  it('reports a bad rate', () => {
    const e = errorOf(`${HEAD}${IDLE}gate:\n  slope: { max: 64MiB/fortnight }\n`);
    expect(e.args).toMatchObject({ line: 11, column: 17, path: 'gate.slope.max' });
    expect(e.args.message).toBe('expected a rate like 64MiB/h, 256KiB/s, got "64MiB/fortnight"');
  });

  it('rejects two target kinds, pointing at the second', () => {
    const e = errorOf(`version: 1\ntarget:\n  image: api:dev\n  process: [node, s.js]\n${IDLE}`);
    expect(e.args).toMatchObject({ line: 4, column: 12, path: 'target.process' });
    expect(e.args.message).toBe(
      'target takes exactly one of image | build | process | compose, found image and process',
    );
  });

  it('rejects a target without any kind', () => {
    const e = errorOf(`version: 1\ntarget:\n  port: 8080\n${IDLE}`);
    expect(e.args).toMatchObject({ line: 3, column: 3, path: 'target' });
    expect(e.args.message).toBe('target needs exactly one of image | build | process | compose');
  });

  it('rejects an unknown use: scenario with the known names', () => {
    const e = errorOf(`${HEAD}scenarios:\n  - use: giant-exprot\n`);
    expect(e.code).toBe('unknownScenario');
    expect(e.message).toBe('Unknown scenario "giant-exprot" (/cfg/memgate.yml:7:10)');
    expect(e.hint).toBe('Known: fan-out, giant-export, long-prompt, soak, upload-200mb.');
  });

  it('rejects an unknown with: key, listing the parameters', () => {
    const e = errorOf(`${HEAD}scenarios:\n  - use: upload-200mb\n    with: { sise: 1GiB }\n`);
    expect(e.args).toMatchObject({ line: 8, column: 13, path: 'scenarios[0].with' });
    expect(e.args.message).toBe(
      'unknown parameter "sise" of scenario "upload-200mb" (did you mean "size"?); its parameters: path, size, count, concurrency, content_type',
    );
  });

  it('points a bad with: value at the with: entry', () => {
    const e = errorOf(`${HEAD}scenarios:\n  - use: upload-200mb\n    with: { size: lots }\n`);
    expect(e.args).toMatchObject({ line: 8, column: 19, path: 'scenarios[0].with.size' });
    expect(e.args.message).toMatch(
      /^expected a size like .*, got "lots" \(used at phases\[1\]\.load\.upload\.size/,
    );
  });

  it('rejects ${...} references other than ${target.url}, host and port, at the reference', () => {
    const e = errorOf(
      `${HEAD}scenarios:\n  - name: s\n    phases:\n      - load: { command: [k6, run], env: { URL: "\${target.hots}" } }\n`,
    );
    expect(e.args).toMatchObject({ line: 9, column: 50, path: 'scenarios[0].phases[0].load.env.URL' });
    expect(e.args.message).toBe(
      'unknown reference "${target.hots}": only ${target.url}, ${target.host} and ${target.port} are substituted',
    );
  });

  it('accepts ${target.host} and ${target.port} in a phase', () => {
    expect(() =>
      parseConfig(
        `${HEAD}scenarios:\n  - name: s\n    phases:\n      - load: { command: [pgbench, -h, "\${target.host}", -p, "\${target.port}"] }\n`,
        FILE,
      ),
    ).not.toThrow();
  });

  it('rejects ${target.port} outside scenarios', () => {
    const e = errorOf(`${HEAD}  env: { SELF: "\${target.port}" }\n${IDLE}`);
    expect(e.args).toMatchObject({ line: 6, column: 17, path: 'target.env.SELF' });
  });

  it('rejects ${target.url} outside scenarios', () => {
    const e = errorOf(`${HEAD}  env: { SELF: "\${target.url}" }\n${IDLE}`);
    expect(e.args).toMatchObject({ line: 6, column: 17, path: 'target.env.SELF' });
  });

  it('rejects a scenario env that is not a map, at the value', () => {
    const e = errorOf(`${HEAD}scenarios:\n  - name: s\n    env: [ROWS=10]\n    phases: [idle]\n`);
    expect(e.code).toBe('configSchema');
    expect(e.args).toMatchObject({ line: 8, column: 10, path: 'scenarios[0].env' });
  });

  it('rejects a payload without a unit', () => {
    const e = errorOf(`${HEAD}scenarios:\n  - name: s\n    payload: lots\n    phases: [idle]\n`);
    expect(e.args).toMatchObject({ line: 8, path: 'scenarios[0].payload' });
    expect(e.args.message).toMatch(/^expected a size like/);
  });

  it('rejects a service volume that is not host:container', () => {
    const e = errorOf(`${HEAD}services:\n  - name: db\n    image: pg\n    volumes: [/data]\n${IDLE}`);
    expect(e.args).toMatchObject({ line: 9, path: 'services[0].volumes[0]' });
    expect(e.args.message).toBe('expected "host:container[:mode]"');
  });

  it('rejects an unknown service key with a suggestion', () => {
    const e = errorOf(`${HEAD}services:\n  - name: db\n    image: pg\n    entrypiont: [sh]\n${IDLE}`);
    expect(e.message).toMatch(/unknown key "entrypiont" \(did you mean "entrypoint"\?\)/);
  });

  it('rejects an empty scenario list', () => {
    const e = errorOf(`${HEAD}scenarios: []\n`);
    expect(e.args).toMatchObject({
      line: 6,
      column: 12,
      path: 'scenarios',
      message: 'list at least one scenario',
    });
  });

  it('rejects repeat: 0', () => {
    const e = errorOf(`${HEAD}repeat: 0\n${IDLE}`);
    expect(e.args).toMatchObject({
      line: 6,
      column: 9,
      path: 'repeat',
      message: 'must be at least 1, got 0',
    });
  });

  it('rejects an unknown phase kind with a suggestion', () => {
    const e = errorOf(`${HEAD}scenarios:\n  - name: s\n    phases:\n      - idel: 1s\n`);
    expect(e.args).toMatchObject({ line: 9, column: 9, path: 'scenarios[0].phases[0]' });
    expect(e.args.message).toBe('unknown key "idel" (did you mean "idle"?)');
  });

  it('rejects a missing version and names what is expected', () => {
    const e = errorOf(`target:\n  image: api:dev\n${IDLE}`);
    expect(e.args).toMatchObject({ line: 1, column: 1, path: 'version' });
    expect(e.args.message).toBe('expected 1 (the only config version so far)');
  });

  it('lists every problem: the first in the message, the others in details, in file order', () => {
    const e = errorOf(`version: 1\ntarget:\n  image: api:dev\n  port: x\n  cpu: 1\nrepeat: 0\n${IDLE}`);
    expect(e.args).toMatchObject({ line: 4, path: 'target.port' });
    expect(e.details).toEqual([
      '/cfg/memgate.yml:5:3: target: unknown key "cpu" (did you mean "cpus"?)',
      '/cfg/memgate.yml:6:9: repeat: must be at least 1, got 0',
    ]);
  });
});
