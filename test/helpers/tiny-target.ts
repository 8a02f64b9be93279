/**
 * A memgate.yml for the smallest real gate: the tiny HTTP server as a process target, one scenario of
 * about five seconds (1 s idle, 3 s of load, 1 s cooldown). For tests of the shells around a run (the
 * Action, the installed package), not of the analysis.
 */
import { resolve } from 'node:path';

export const TINY_SERVER = resolve(import.meta.dirname, '../fixtures/servers/tiny-http.mjs');

/** `server`: the fixture's path, for callers bundled elsewhere (bench/), where import.meta differs. */
export function tinyTargetConfig(port: number, server: string = TINY_SERVER): string {
  return `version: 1
target:
  process: [${JSON.stringify(process.execPath)}, ${JSON.stringify(server)}]
  port: ${port}
  env: { PORT: '${port}' }
  memory: 128MiB
  ready: { http: /healthz, timeout: 10s }
repeat: 1
sampling: { interval: 100ms, stats_interval: 250ms }
scenarios:
  - name: tiny
    phases:
      - idle: 1s
      - load: { duration: 3s, http: { path: /items, connections: 2 } }
      - cooldown: 1s
`;
}
