/**
 * The error catalog: code -> message, hint and exit code. Messages say what went wrong and where;
 * hints say what to do. Keep every user-facing error here so wording stays consistent.
 */
type Args = Record<string, string | number>;
interface Entry {
  exitCode: 2 | 3;
  message: (a: Args) => string;
  hint: (a: Args) => string;
}

const entry = (exitCode: 2 | 3, message: (a: Args) => string, hint: (a: Args) => string): Entry => ({
  exitCode,
  message,
  hint,
});

export const MESSAGES = {
  usage: entry(
    2,
    (a) => `${a.message}`,
    () => 'Run `memgate --help` for the commands and their flags.',
  ),
  actionInput: entry(
    2,
    (a) => `Action input "${a.input}": ${a.message}`,
    (a) => `Fix \`${a.input}\` under \`with:\` in the workflow step (see docs/github-action.md).`,
  ),
  configNotFound: entry(
    2,
    (a) => `Config file not found: ${a.file}`,
    () => 'Pass one with `-c path/to/memgate.yml`, or scaffold one with `memgate init --image IMAGE`.',
  ),
  configSyntax: entry(
    2,
    (a) => `${a.file}:${a.line}:${a.column}: YAML syntax error: ${a.message}`,
    () => 'Fix the YAML syntax at that position (indentation, a missing colon or quote).',
  ),
  configSchema: entry(
    2,
    (a) => `${a.file}:${a.line}:${a.column}: ${a.path}: ${a.message}`,
    (a) =>
      a.hint ? String(a.hint) : 'See the config reference in README.md, or schema/memgate.schema.json.',
  ),
  unknownScenario: entry(
    2,
    (a) => `Unknown scenario "${a.name}"${a.where ? ` (${a.where})` : ''}`,
    (a) => `Known: ${a.known}.`,
  ),
  baselineCorrupt: entry(
    2,
    (a) => `Baseline ${a.file} cannot be used: ${a.reason}`,
    () =>
      'The file was left untouched. Restore it from version control, or delete it and run `memgate baseline accept RESULTS.json` on the trusted branch.',
  ),
  baselineNoValidRuns: entry(
    2,
    (a) => `Refusing to write the baseline: the results hold no valid run (${a.runs} run(s), none counts)`,
    () =>
      'The baseline file was left untouched. Accept the results of a run whose runs are valid (see the reasons in its report).',
  ),
  baselineOnPullRequest: entry(
    2,
    (a) =>
      `Refusing to write the baseline ${a.file}: this is a pull-request run (GITHUB_EVENT_NAME=${a.event})`,
    () =>
      'Accept baselines on the trusted branch (a push to main or a scheduled job), never from a pull request.',
  ),
  fileExists: entry(
    2,
    (a) => `${a.file} already exists`,
    () => 'Pass --force to overwrite it, or -o to write somewhere else.',
  ),
  resultsCorrupt: entry(
    2,
    (a) => `Results file ${a.file} cannot be read: ${a.reason}`,
    () => 'Pass a memgate-results.json written by `memgate run`.',
  ),
  historyCorrupt: entry(
    2,
    (a) => `History ${a.file} cannot be used: ${a.reason}`,
    () =>
      'The file was left untouched. Restore it from version control or the Actions cache, or move it away to start a new history.',
  ),
  trackingIssue: entry(
    3,
    (a) => `The nightly tracking issue could not be read or written: ${a.reason}`,
    () =>
      'Give the job `permissions: issues: write` and pass GITHUB_TOKEN; check GITHUB_REPOSITORY and GITHUB_API_URL.',
  ),
  engineMissing: entry(
    3,
    (a) => `No container engine answers: \`${a.engine} info\` failed (${a.reason})`,
    () =>
      'Start Docker (on Debian/Ubuntu as root: `scripts/setup-docker.sh`), or gate a local process with `target.process` instead.',
  ),
  imageMissing: entry(
    3,
    (a) => `Image ${a.image} is not available: ${a.reason}`,
    () => 'Build or pull it first (`docker build -t IMAGE .`), or check the name and tag in target.image.',
  ),
  buildFailed: entry(
    3,
    (a) => `Building the target from ${a.context} failed: ${a.reason}`,
    () => 'Run the same `docker build` by hand to see the full output.',
  ),
  containerStart: entry(
    3,
    (a) => `The target container did not start: ${a.reason}`,
    () => 'Check target.command, target.port and the image; the log lines below may say more.',
  ),
  notReady: entry(
    3,
    (a) => `The target never became ready: waited ${a.waited} for ${a.awaited} (last: ${a.last})`,
    () => 'Raise target.ready.timeout, or fix the readiness check; the target log lines below may say why.',
  ),
  diedBeforeSample: entry(
    3,
    (a) => `The target exited before the first sample (${a.exit})`,
    () => 'Check the command and environment; the target log lines below say why it stopped.',
  ),
  cannotMeasure: entry(
    3,
    (a) => `Memory of the target cannot be measured: ${a.reason}`,
    () => 'Run `memgate doctor` to see which sources are available here and why others are not.',
  ),
  processStart: entry(
    3,
    (a) => `The target process could not be started: ${a.reason}`,
    () => 'Check target.process (argv[0] must be on PATH or an absolute path).',
  ),
  noValidRun: entry(
    3,
    (a) => `No run counts (${a.runs} run(s), all invalid), so there is no verdict: ${a.reason}`,
    () =>
      "Fix what the reasons name (the target start, a path the service answers, expect_status or max_error_rate of the http load) and run again; each run's reasons are in the reports.",
  ),
  interrupted: entry(
    3,
    (a) => `Interrupted by ${a.signal}; containers removed, results of finished runs kept`,
    () => 'Rerun when ready.',
  ),
  io: entry(
    3,
    (a) => `Cannot ${a.op} ${a.file}: ${a.reason}`,
    () => 'Check the path and its permissions.',
  ),
  serviceStart: entry(
    3,
    (a) => `Service ${a.name} did not start: ${a.reason}`,
    () => 'Check services[].image, command and env in memgate.yml; the service log lines below may say more.',
  ),
  serviceNotReady: entry(
    3,
    (a) =>
      `Service ${a.name} never became ready: waited ${a.timeoutMs} ms for ${a.awaited} (last: ${a.last})`,
    () =>
      'Raise services[].ready.timeout, or fix its readiness check; the service log lines below may say why.',
  ),
  serviceReady: entry(
    2,
    (a) => `Service ${a.name}: ${a.reason}`,
    () => 'Use `ready: { tcp: PORT }` (a port inside the service) or `ready: { log: "text" }` for services.',
  ),
  composeMissing: entry(
    3,
    (a) =>
      `target.compose needs Docker Compose, but neither \`${a.engine} compose\` nor docker-compose works (${a.reason})`,
    () => 'Install the Compose plugin or docker-compose (Debian: `apt-get install docker-compose`).',
  ),
  composeFailed: entry(
    3,
    (a) => `\`${a.command}\` failed: ${a.reason}`,
    () => 'Run the same compose command by hand next to the Compose file to see the full output.',
  ),
  composeService: entry(
    2,
    (a) => `target.compose: ${a.reason}`,
    (a) => (a.known ? `Services in ${a.file}: ${a.known}.` : 'Check target.compose.file.'),
  ),
  loadSpec: entry(
    2,
    (a) => `Load generator ${a.generator} cannot run: ${a.reason}`,
    (a) => (a.hint ? String(a.hint) : 'Fix the generator in the phase of memgate.yml.'),
  ),
} satisfies Record<string, Entry>;

export type MessageCode = keyof typeof MESSAGES;
