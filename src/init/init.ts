/**
 * `memgate init`: a commented memgate.yml a newcomer can run as it is: a modest load with short phases
 * on the path the readiness check already uses (a path the service answers, so the load measures the
 * service and not its 404 page). The bundled scenarios need endpoints the user must name, so they are
 * written commented out with their parameters.
 */
import { MemgateError } from '../errors.js';

export interface InitOptions {
  image?: string;
  /** A command line, e.g. `node server.js`; split on spaces, quotes group words. */
  process?: string;
  port?: number;
}

const DEFAULT_PORT = 8080;
/** Readiness and the starter load both use it: the one path most services answer without setup. */
const HEALTH_PATH = '/healthz';

/** The mode for pull requests (image targets): no stored baseline, both builds in one job. */
const AGAINST_LINES = [
  '# On pull requests, compare with the base branch in the same job instead: the two builds run',
  "# interleaved (A B B A), so the runner host's own noise cancels out of the comparison:",
  '#   memgate run --against <image of the base branch>',
];

export function renderInitConfig(opts: InitOptions): string {
  if (opts.image !== undefined && opts.process !== undefined) {
    throw new MemgateError('usage', { message: 'memgate init takes --image or --process, not both' });
  }
  const port = opts.port ?? DEFAULT_PORT;
  return [
    '# yaml-language-server: $schema=./node_modules/memgate/schema/memgate.schema.json',
    '# memgate: a memory-regression gate. `memgate run` gates the target below; the first run has no',
    '# baseline (verdict inconclusive, figures recorded), then accept it on the main branch:',
    '#   memgate baseline accept memgate-out/memgate-results.json',
    ...(opts.process === undefined ? AGAINST_LINES : []),
    'version: 1',
    'target:',
    ...targetLines(opts),
    `  port: ${port}                        # the port the service listens on inside the target`,
    '  memory: 512MiB                    # the limit it runs under (swap is set equal: no swap)',
    `  ready: { http: ${HEALTH_PATH}, timeout: 30s }   # or { tcp: true } or { log: "listening on" }`,
    '  # gc: { http: "POST /debug/gc" }  # optional hook: force a collection before floor readings',
    'sampling: { interval: 100ms, stats_interval: 250ms }   # short phases need frequent readings',
    'repeat: 3                           # runs per scenario; more runs give firmer verdicts',
    'scenarios:',
    '  # A starter you can run as it is: a modest load, short phases (about 20 s a run). Point the path',
    '  # at a real endpoint of your service (it must answer 2xx/3xx: a run whose requests fail is invalid).',
    '  - name: starter',
    '    phases:',
    '      - idle: 3s',
    `      - load: { duration: 10s, http: { path: ${HEALTH_PATH}, connections: 4 } }`,
    '      - cooldown: 5s',
    '  # From the bundled library (node_modules/memgate/scenarios/*.yml); `with:` overrides parameters.',
    '  # Adapt the paths to endpoints your service has, then uncomment:',
    '  # - use: fan-out                  # 500 concurrent connections for 20s',
    '  #   with: { path: /items, connections: 500, duration: 20s }',
    '  # - use: giant-export             # a huge streamed response, downloaded 3 times',
    '  #   with: { path: "/export?rows=2000000", count: 3 }',
    '  # - use: upload-200mb             # a 200 MiB upload, 3 times, one at a time',
    '  #   with: { path: /upload, size: 200MiB }',
    '  # - use: long-prompt              # JSON prompts of 64 KiB (warmup), then 8 MiB (load)',
    '  #   with: { path: /v1/complete, size: 8MiB }',
    '  # - use: soak                     # a steady rate for a long time: catches slow leaks',
    '  #   with: { path: /items, rate: 100, duration: 15m }',
    'gate:                               # the defaults, shown so they are easy to tune',
    '  metric: non_reclaimable           # non_reclaimable | working_set | usage | anon',
    '  floor: { max_increase: 5%, min_bytes: 2MiB }',
    '  peak: { max_increase: 10%, min_bytes: 4MiB, max_of_limit: 90% }',
    '  slope: { max_increase_per_hour: 2%, min_bytes_per_hour: 1MiB }',
    '  recovery: { within: 120s, max_residual: 5%, min_bytes: 2MiB }',
    '  oom: fail',
    'baseline: { file: .memgate/baseline.json }',
    '',
  ].join('\n');
}

function targetLines(opts: InitOptions): string[] {
  if (opts.process !== undefined) {
    return [`  process: ${flowList(splitCommand(opts.process))}   # a local process in its own cgroup`];
  }
  if (opts.image !== undefined) return [`  image: ${yamlString(opts.image)}`];
  return ['  image: my-service:latest          # the image to gate; or process: [node, server.js]'];
}

/** Splits a command line on whitespace; single or double quotes keep spaces inside a word. */
export function splitCommand(line: string): string[] {
  const words: string[] = [];
  for (const m of line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) words.push(m[1] ?? m[2] ?? m[3] ?? '');
  if (words.length === 0)
    throw new MemgateError('usage', { message: '--process needs a command, e.g. "node server.js"' });
  return words;
}

const flowList = (words: string[]) => `[${words.map(yamlString).join(', ')}]`;

/** Plain when YAML reads it back as the same string, else double-quoted (JSON is valid YAML). */
function yamlString(s: string): string {
  return /^[A-Za-z0-9_./@-][A-Za-z0-9_./@:=+-]*$/.test(s) && !/^(true|false|null|yes|no|~|[-+]?\d)/i.test(s)
    ? s
    : JSON.stringify(s);
}
