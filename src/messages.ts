/**
 * The error catalog: code -> message, hint and exit code. Messages say what went wrong and where;
 * hints say what to do. Keep every user-facing error here so wording stays consistent.
 */
/** A catalog argument as it is printed. */
export type ArgValue = string | number;
/** Each entry names its arguments: a call that leaves one out is a type error, not "undefined" in the text. */
interface Entry<A> {
  exitCode: 2 | 3;
  message: (a: A) => string;
  hint: (a: A) => string;
}

const entry = <A extends Record<string, ArgValue>>(
  exitCode: 2 | 3,
  message: (a: A) => string,
  hint: (a: A) => string,
): Entry<A> => ({ exitCode, message, hint });

export const MESSAGES = {
  usage: entry<{ message: ArgValue }>(
    2,
    (a) => `${a.message}`,
    () => 'Run `memgate --help` for the commands and their flags.',
  ),
  actionInput: entry<{ input: ArgValue; message: ArgValue }>(
    2,
    (a) => `Action input "${a.input}": ${a.message}`,
    (a) => `Fix \`${a.input}\` under \`with:\` in the workflow step (see docs/github-action.md).`,
  ),
  configNotFound: entry<{ file: ArgValue }>(
    2,
    (a) => `Config file not found: ${a.file}`,
    () => 'Pass one with `-c path/to/memgate.yml`, or scaffold one with `memgate init --image IMAGE`.',
  ),
  configSyntax: entry<{ file: ArgValue; line: ArgValue; column: ArgValue; message: ArgValue }>(
    2,
    (a) => `${a.file}:${a.line}:${a.column}: YAML syntax error: ${a.message}`,
    () => 'Fix the YAML syntax at that position (indentation, a missing colon or quote).',
  ),
  configSchema: entry<{
    file: ArgValue;
    line: ArgValue;
    column: ArgValue;
    path: ArgValue;
    message: ArgValue;
    hint?: ArgValue;
  }>(
    2,
    (a) => `${a.file}:${a.line}:${a.column}: ${a.path}: ${a.message}`,
    (a) =>
      a.hint ? String(a.hint) : 'See the config reference in README.md, or schema/memgate.schema.json.',
  ),
  unknownScenario: entry<{ name: ArgValue; where?: ArgValue; known: ArgValue }>(
    2,
    (a) => `Unknown scenario "${a.name}"${a.where ? ` (${a.where})` : ''}`,
    (a) => `Known: ${a.known}.`,
  ),
  baselineCorrupt: entry<{ file: ArgValue; reason: ArgValue }>(
    2,
    (a) => `Baseline ${a.file} cannot be used: ${a.reason}`,
    () =>
      'The file was left untouched. Restore it from version control, or delete it and run `memgate baseline accept RESULTS.json` on the trusted branch.',
  ),
  baselineNoValidRuns: entry<{ runs: ArgValue }>(
    2,
    (a) => `Refusing to write the baseline: the results hold no valid run (${a.runs} run(s), none counts)`,
    () =>
      'The baseline file was left untouched. Accept the results of a run whose runs are valid (see the reasons in its report).',
  ),
  baselineOnPullRequest: entry<{ file: ArgValue; event: ArgValue }>(
    2,
    (a) =>
      `Refusing to write the baseline ${a.file}: this is a pull-request run (GITHUB_EVENT_NAME=${a.event})`,
    () =>
      'Accept baselines on the trusted branch (a push to main or a scheduled job), never from a pull request.',
  ),
  fileExists: entry<{ file: ArgValue }>(
    2,
    (a) => `${a.file} already exists`,
    () => 'Pass --force to overwrite it, or -o to write somewhere else.',
  ),
  resultsCorrupt: entry<{ file: ArgValue; reason: ArgValue }>(
    2,
    (a) => `Results file ${a.file} cannot be read: ${a.reason}`,
    () => 'Pass a memgate-results.json written by `memgate run`.',
  ),
  historyCorrupt: entry<{ file: ArgValue; reason: ArgValue }>(
    2,
    (a) => `History ${a.file} cannot be used: ${a.reason}`,
    () =>
      'The file was left untouched. Restore it from version control or the Actions cache, or move it away to start a new history.',
  ),
  trackingIssue: entry<{ reason: ArgValue }>(
    3,
    (a) => `The nightly tracking issue could not be read or written: ${a.reason}`,
    () =>
      'Give the job `permissions: issues: write` and pass GITHUB_TOKEN; check GITHUB_REPOSITORY and GITHUB_API_URL.',
  ),
  engineMissing: entry<{ engine: ArgValue; reason: ArgValue }>(
    3,
    (a) => `No container engine answers: \`${a.engine} info\` failed (${a.reason})`,
    () =>
      'Start Docker (on Debian/Ubuntu as root: `scripts/setup-docker.sh`), or gate a local process with `target.process` instead.',
  ),
  imageMissing: entry<{ image: ArgValue; reason: ArgValue }>(
    3,
    (a) => `Image ${a.image} is not available: ${a.reason}`,
    () => 'Build or pull it first (`docker build -t IMAGE .`), or check the name and tag in target.image.',
  ),
  buildFailed: entry<{ context: ArgValue; reason: ArgValue }>(
    3,
    (a) => `Building the target from ${a.context} failed: ${a.reason}`,
    () => 'Run the same `docker build` by hand to see the full output.',
  ),
  containerStart: entry<{ reason: ArgValue }>(
    3,
    (a) => `The target container did not start: ${a.reason}`,
    () => 'Check target.command, target.port and the image; the log lines below may say more.',
  ),
  notReady: entry<{ waited: ArgValue; awaited: ArgValue; last: ArgValue }>(
    3,
    (a) => `The target never became ready: waited ${a.waited} for ${a.awaited} (last: ${a.last})`,
    () => 'Raise target.ready.timeout, or fix the readiness check; the target log lines below may say why.',
  ),
  diedBeforeSample: entry<{ exit: ArgValue }>(
    3,
    (a) => `The target exited before the first sample (${a.exit})`,
    () => 'Check the command and environment; the target log lines below say why it stopped.',
  ),
  cannotMeasure: entry<{ reason: ArgValue }>(
    3,
    (a) => `Memory of the target cannot be measured: ${a.reason}`,
    () => 'Run `memgate doctor` to see which sources are available here and why others are not.',
  ),
  processStart: entry<{ reason: ArgValue }>(
    3,
    (a) => `The target process could not be started: ${a.reason}`,
    () => 'Check target.process (argv[0] must be on PATH or an absolute path).',
  ),
  noValidRun: entry<{ runs: ArgValue; reason: ArgValue }>(
    3,
    (a) => `No run counts (${a.runs} run(s), all invalid), so there is no verdict: ${a.reason}`,
    () =>
      "Fix what the reasons name (the target start, a path the service answers, expect_status or max_error_rate of the http load) and run again; each run's reasons are in the reports.",
  ),
  interrupted: entry<{ signal: ArgValue }>(
    3,
    (a) => `Interrupted by ${a.signal}; containers removed, results of finished runs kept`,
    () => 'Rerun when ready.',
  ),
  crashed: entry<{ error: ArgValue }>(
    3,
    (a) =>
      `memgate stopped after an internal error (${a.error}); targets stopped, results of finished runs kept`,
    () => 'This is a bug in memgate: please report it with the error and stack above. Rerun to retry.',
  ),
  io: entry<{ op: ArgValue; file: ArgValue; reason: ArgValue }>(
    3,
    (a) => `Cannot ${a.op} ${a.file}: ${a.reason}`,
    () => 'Check the path and its permissions.',
  ),
  serviceStart: entry<{ name: ArgValue; reason: ArgValue }>(
    3,
    (a) => `Service ${a.name} did not start: ${a.reason}`,
    () => 'Check services[].image, command and env in memgate.yml; the service log lines below may say more.',
  ),
  serviceNotReady: entry<{ name: ArgValue; waited: ArgValue; awaited: ArgValue; last: ArgValue }>(
    3,
    (a) => `Service ${a.name} never became ready: waited ${a.waited} for ${a.awaited} (last: ${a.last})`,
    () =>
      'Raise services[].ready.timeout, or fix its readiness check; the service log lines below may say why.',
  ),
  serviceReady: entry<{ name: ArgValue; reason: ArgValue }>(
    2,
    (a) => `Service ${a.name}: ${a.reason}`,
    () => 'Use `ready: { tcp: PORT }` (a port inside the service) or `ready: { log: "text" }` for services.',
  ),
  composeMissing: entry<{ engine: ArgValue; reason: ArgValue }>(
    3,
    (a) =>
      `target.compose needs Docker Compose, but neither \`${a.engine} compose\` nor docker-compose works (${a.reason})`,
    () => 'Install the Compose plugin or docker-compose (Debian: `apt-get install docker-compose`).',
  ),
  composeFailed: entry<{ command: ArgValue; reason: ArgValue }>(
    3,
    (a) => `\`${a.command}\` failed: ${a.reason}`,
    () => 'Run the same compose command by hand next to the Compose file to see the full output.',
  ),
  composeService: entry<{ reason: ArgValue; known?: ArgValue; file: ArgValue }>(
    2,
    (a) => `target.compose: ${a.reason}`,
    (a) => (a.known ? `Services in ${a.file}: ${a.known}.` : 'Check target.compose.file.'),
  ),
  cleanupFailed: entry<{ what: ArgValue; reason: ArgValue }>(
    3,
    (a) => `Could not remove ${a.what}: ${a.reason}`,
    () =>
      'Remove it by hand (`docker rm -f`, `docker network rm`, or rmdir of the cgroup) and check what kept it busy.',
  ),
  loadSpec: entry<{ generator: ArgValue; reason: ArgValue; hint?: ArgValue }>(
    2,
    (a) => `Load generator ${a.generator} cannot run: ${a.reason}`,
    (a) => (a.hint ? String(a.hint) : 'Fix the generator in the phase of memgate.yml.'),
  ),
};

export type MessageCode = keyof typeof MESSAGES;
/** The arguments an entry's message and hint read. */
export type MessageArgs<C extends MessageCode> = Parameters<(typeof MESSAGES)[C]['message']>[0];
