/** Readiness over TCP: a connection to the port is accepted. */
import { connect } from 'node:net';
import type { Probe, ProbeResult } from './probe.js';

export function tcpProbe(host: string, port: number | undefined): Probe {
  return {
    awaited: `a TCP connection to ${host}:${port ?? '?'}`,
    attempt: (signal) =>
      new Promise<ProbeResult>((resolve) => {
        if (port === undefined) return resolve({ ok: false, last: 'target has no port' });
        const socket = connect({ host, port });
        const done = (r: ProbeResult) => {
          socket.destroy();
          resolve(r);
        };
        signal.addEventListener('abort', () => done({ ok: false, last: 'attempt timed out' }), {
          once: true,
        });
        socket.once('connect', () => done({ ok: true }));
        socket.once('error', (e: NodeJS.ErrnoException) => done({ ok: false, last: e.code ?? e.message }));
      }),
  };
}
