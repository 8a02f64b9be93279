/**
 * The `http` generator: request load (connections, rate, duration or amount, body or generated JSON).
 * autocannon drives it unless the body is too big to copy per connection or the rate is one
 * autocannon splits badly; then the undici loop drives it with the same semantics.
 */
import type { HttpGenerator } from '../../config/plan.js';
import { MemgateError } from '../../errors.js';
import { MiB } from '../../units.js';
import { definedOnly } from '../../util/defined-only.js';
import { runAutocannonLoad } from './http-autocannon.js';
import { runUndiciLoad, type RequestLoad } from './http-undici.js';
import { buildJsonBody } from './json-body.js';
import type { LoadGenerator } from './load-generator.js';

/** autocannon keeps one full copy of the body per connection. */
export const AUTOCANNON_BODY_BUDGET_BYTES = 48 * MiB;

export type HttpDriver = 'autocannon' | 'undici';

/**
 * Picks the driver. autocannon gives each connection floor(rate / connections) requests per second
 * and treats 0 as unlimited, so a rate below the connection count or a fractional one goes to undici.
 */
export function chooseHttpDriver(bodyBytes: number, connections: number, rate?: number): HttpDriver {
  if (bodyBytes * connections > AUTOCANNON_BODY_BUDGET_BYTES) return 'undici';
  if (rate !== undefined && (rate < connections || !Number.isInteger(rate))) return 'undici';
  return 'autocannon';
}

/** The request body and headers a spec asks for (JSON gets a content-type unless one is given). */
export function requestOf(spec: HttpGenerator): RequestLoad {
  const headers = { ...spec.headers };
  let body: Buffer | undefined;
  if (spec.json !== undefined) {
    body = buildJsonBody(spec.json);
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
      headers['content-type'] = 'application/json';
    }
  } else if (spec.body !== undefined) {
    body = Buffer.from(spec.body);
  }
  return {
    path: spec.path,
    method: spec.method,
    headers,
    connections: Math.max(1, spec.connections),
    ...definedOnly({ rate: spec.rate, amount: spec.amount }),
    body,
  };
}

export const httpGenerator: LoadGenerator<HttpGenerator> = {
  kind: 'http',
  async run(spec, ctx) {
    if (spec.amount === undefined && ctx.durationMs === undefined) {
      throw new MemgateError('loadSpec', {
        generator: 'http',
        reason: 'it has neither an amount nor a phase duration, so it would never end',
        hint: 'Give the phase a `duration`, or the http generator an `amount`.',
      });
    }
    const load = requestOf(spec);
    const driver = chooseHttpDriver(load.body?.length ?? 0, load.connections, load.rate);
    const stats =
      driver === 'autocannon' ? await runAutocannonLoad(load, ctx) : await runUndiciLoad(load, ctx);
    return stats.finish();
  },
};
