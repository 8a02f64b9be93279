import { describe, expect, test } from 'vitest';
import type { LoadStats, RunRecord } from '../../../src/runner/run-record.js';
import { loadBreakdown, loadProblems, runValidity } from '../../../src/runner/validity.js';

function http(over: Partial<LoadStats>): LoadStats {
  return {
    generator: 'http',
    phaseIndex: 1,
    requests: 0,
    errors: {},
    statusCodes: {},
    bytesSent: 0,
    bytesReceived: 0,
    largestPayloadBytes: 0,
    durationMs: 1000,
    request: 'GET /',
    ...over,
  };
}

type Judged = Parameters<typeof runValidity>[0];

function record(load: LoadStats[], over: Partial<RunRecord> = {}): Judged {
  return {
    stats: [{ tMs: 0, usageBytes: 1 }],
    self: { peakRssBytes: 50 * 2 ** 20, budgetBytes: 200 * 2 ** 20, withinBudget: true },
    load,
    phases: [
      { kind: 'idle', index: 0, startMs: 0, endMs: 1000 },
      { kind: 'load', index: 1, startMs: 1000, endMs: 2000 },
    ],
    events: [],
    oom: { classification: 'STOPPED_BY_MEMGATE', oomKills: 0, reasons: [] },
    ...over,
  };
}

describe('run validity', () => {
  test('a load that only got 404s makes the run invalid, with the breakdown', () => {
    const v = runValidity(
      record([http({ requests: 127_852, statusCodes: { '404': 127_852 }, errors: { non2xx: 127_852 } })]),
    );
    expect(v.valid).toBe(false);
    expect(v.reasons).toEqual([
      'the load did not reach the service: phase 1 (load) http GET /: 127852 of 127852 requests failed (100%, max 1%): status 404 x127852',
    ]);
  });

  test('connection errors count as attempts that failed', () => {
    const b = loadBreakdown(http({ requests: 0, errors: { ECONNREFUSED: 40 } }));
    expect(b).toMatchObject({
      attempts: 40,
      failed: 40,
      tooMany: true,
      connectionErrors: { ECONNREFUSED: 40 },
    });
  });

  test('redirects are answers by default; expect_status and max_error_rate change the bar', () => {
    const redirects = http({ requests: 100, statusCodes: { '302': 100 }, errors: { non2xx: 100 } });
    expect(runValidity(record([redirects])).valid).toBe(true);
    const strict = { ...redirects, expectStatus: [[200, 200]] as [number, number][] };
    expect(runValidity(record([strict])).valid).toBe(false);
    const tolerant = { ...strict, maxErrorRate: 1 };
    expect(runValidity(record([tolerant])).valid).toBe(true);
  });

  test('1 % of failures is within the default; just above it is not', () => {
    const at = http({ requests: 1000, statusCodes: { '200': 990, '500': 10 } });
    expect(runValidity(record([at])).valid).toBe(true);
    expect(loadProblems(record([at])).lines).toEqual([
      'phase 1 (load) http GET /: 10 of 1000 requests failed (1%, max 1%): status 500 x10',
    ]);
    const over = http({ requests: 1000, statusCodes: { '200': 989, '500': 11 } });
    expect(runValidity(record([over])).valid).toBe(false);
  });

  test('a cut run, a run without samples and a run over the self budget never count', () => {
    expect(runValidity(record([], { cutShort: 'interrupted by SIGINT during phase 1' })).reasons).toEqual([
      'cut short: interrupted by SIGINT during phase 1',
    ]);
    expect(runValidity(record([], { stats: [] })).valid).toBe(false);
    const over = { peakRssBytes: 300 * 2 ** 20, budgetBytes: 200 * 2 ** 20, withinBudget: false };
    expect(runValidity(record([], { self: over })).reasons[0]).toMatch(/over its budget of 200 MiB/);
  });

  test('requests that failed because the target died are the crash, not an invalid run', () => {
    const refused = http({ requests: 10, statusCodes: { '200': 10 }, errors: { ECONNREFUSED: 5 } });
    expect(runValidity(record([refused])).valid).toBe(false);
    const died = {
      events: [{ tMs: 1500, kind: 'exit' as const, detail: 'target exited on its own: exit code 3' }],
    };
    expect(runValidity(record([refused], died)).valid).toBe(true);
  });

  test('non-http generators are not judged on statuses', () => {
    const upload = { ...http({ requests: 3, statusCodes: { '413': 3 } }), generator: 'upload' as const };
    expect(runValidity(record([upload])).valid).toBe(true);
  });
});
