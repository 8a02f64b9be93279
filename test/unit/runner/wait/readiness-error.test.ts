import { describe, expect, test } from 'vitest';
import { formatWait, readinessError } from '../../../../src/runner/wait/readiness-error.js';

const timeout = {
  ready: false as const,
  reason: 'timeout' as const,
  awaited: 'GET http://127.0.0.1:8080/healthz to answer 200',
  last: 'status 404',
  timeoutMs: 8000,
};
const exitedOutcome = { ...timeout, reason: 'exited' as const };
const tail = (n: number) => Promise.resolve(Array.from({ length: n }, (_, i) => `line ${i + 1}`));

describe('readinessError', () => {
  test('the target and a service say the same wait in the same units, with the log tail', async () => {
    const target = await readinessError(timeout, new Promise(() => undefined), tail);
    const service = await readinessError(timeout, new Promise(() => undefined), tail, 'cache');
    expect(target.message).toBe(
      'The target never became ready: waited 8s for GET http://127.0.0.1:8080/healthz to answer 200 (last: status 404)',
    );
    expect(service.message).toBe(
      'Service cache never became ready: waited 8s for GET http://127.0.0.1:8080/healthz to answer 200 (last: status 404)',
    );
    expect(service.hint).toMatch(/services\[\]\.ready\.timeout/);
    expect(target.details).toHaveLength(20);
    expect(service.details).toEqual(target.details);
    expect([target.exitCode, service.exitCode]).toEqual([3, 3]);
  });

  test('an exit while waiting names the exit code or the signal', async () => {
    const target = await readinessError(exitedOutcome, Promise.resolve({ exitCode: 137 }), tail);
    const service = await readinessError(exitedOutcome, Promise.resolve({ exitCode: 3 }), tail, 'db');
    expect(target.message).toMatch(/signal SIGKILL \(exit code 137\)/);
    expect(service.message).toBe('Service db did not start: it exited (exit code 3)');
  });

  test('a wait under a second is in ms, longer ones in seconds as the user wrote them', () => {
    expect([formatWait(250), formatWait(1500), formatWait(8000)]).toEqual(['250 ms', '1.5s', '8s']);
  });
});
