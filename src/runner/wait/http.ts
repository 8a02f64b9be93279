/** Readiness over HTTP: GET a path until it answers with the expected status. */
import { request } from 'node:http';
import type { Probe, ProbeResult } from './probe.js';

export function httpProbe(host: string, port: number | undefined, path: string, status: number): Probe {
  const awaited = `GET http://${host}:${port ?? '?'}${path} to answer ${status}`;
  return {
    awaited,
    attempt: (signal) =>
      new Promise<ProbeResult>((resolve) => {
        if (port === undefined) return resolve({ ok: false, last: 'target has no port' });
        const req = request({ host, port, path, method: 'GET', signal, agent: false }, (res) => {
          res.resume();
          resolve(res.statusCode === status ? { ok: true } : { ok: false, last: `status ${res.statusCode}` });
        });
        req.on('error', (e: NodeJS.ErrnoException) => resolve({ ok: false, last: e.code ?? e.message }));
        req.end();
      }),
  };
}
