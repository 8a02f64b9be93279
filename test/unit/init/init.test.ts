import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load.js';
import { renderInitConfig, splitCommand } from '../../../src/init/init.js';

const FILE = '/project/memgate.yml';

describe('renderInitConfig', () => {
  it('scaffolds an image target with a starter a newcomer can run: modest load, short phases, the ready path', () => {
    const plan = parseConfig(renderInitConfig({ image: 'ghcr.io/acme/api:pr-1', port: 3000 }), FILE);
    expect(plan.target).toMatchObject({
      kind: 'image',
      image: 'ghcr.io/acme/api:pr-1',
      port: 3000,
      memoryBytes: 512 * 1024 ** 2,
      ready: { kind: 'http', path: '/healthz' },
    });
    expect(plan.scenarios.map((s) => s.name)).toEqual(['starter']);
    const phases = plan.scenarios[0]?.phases ?? [];
    expect(phases.map((p) => p.durationMs)).toEqual([3000, 10_000, 5000]);
    // The load asks what readiness asks: a path the service answers, not its 404 page.
    expect(phases[1]?.generators[0]).toMatchObject({ kind: 'http', path: '/healthz', connections: 4 });
  });

  it('scaffolds a process target from a command line with quotes', () => {
    const plan = parseConfig(renderInitConfig({ process: 'node "my server.js" --port 9000' }), FILE);
    expect(plan.target).toMatchObject({
      kind: 'process',
      argv: ['node', 'my server.js', '--port', '9000'],
      port: 8080,
    });
  });

  it('loads with a placeholder image when given nothing', () => {
    expect(parseConfig(renderInitConfig({}), FILE).target).toMatchObject({
      kind: 'image',
      image: 'my-service:latest',
    });
  });

  it('keeps the commented scenarios valid: uncommented, all five bundled scenarios load', () => {
    const uncommented = renderInitConfig({ image: 'api:dev' }).replace(/^ {2}# (- use| {2}with)/gm, '  $1');
    const plan = parseConfig(uncommented, FILE);
    expect(plan.scenarios.map((s) => s.uses)).toEqual([
      undefined,
      'fan-out',
      'giant-export',
      'upload-200mb',
      'long-prompt',
      'soak',
    ]);
    expect(plan.scenarios[5]?.phases[1]).toMatchObject({ kind: 'soak', durationMs: 900_000 });
    expect(plan.scenarios[3]?.phases[1]?.generators[0]).toMatchObject({
      path: '/upload',
      sizeBytes: 200 * 1024 ** 2,
    });
  });

  it('refuses both --image and --process', () => {
    expect(() => renderInitConfig({ image: 'a', process: 'b' })).toThrow('not both');
  });

  it('splits command lines on spaces, keeping quoted words', () => {
    expect(splitCommand(`python -m "http.server" 'a b'`)).toEqual(['python', '-m', 'http.server', 'a b']);
  });
});
