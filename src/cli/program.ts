/** The command-line surface (README.md#commands), built with commander; each action lives in src/commands/. */
import { Command, InvalidArgumentError, Option } from 'commander';
import { baselineAcceptCommand } from '../commands/baseline-accept.js';
import { compareCommand } from '../commands/compare.js';
import { demoCommand } from '../commands/demo.js';
import { doctorCommand } from '../commands/doctor.js';
import { REPORT_FORMATS, parseFormats } from '../commands/formats.js';
import { historyAppendCommand, historyCommand, historyIssueCommand } from '../commands/history.js';
import { initCommand } from '../commands/init.js';
import { mergeCommand } from '../commands/merge.js';
import { reportCommand } from '../commands/report.js';
import { runCommand } from '../commands/run.js';
import { DEFAULT_HISTORY_FILE } from '../history/history.js';
import type { Io } from '../io.js';
import { VERSION } from '../version.js';

// Shown under both `memgate --help` and `memgate run --help`: most users only ever need `run`.
const RUN_EXAMPLES = `
Examples:
  memgate init --image acme/api:dev            scaffold memgate.yml
  memgate run                                  gate with memgate.yml and .memgate/baseline.json
  memgate run -c api.yml -s upload-200mb --repeat 5
  memgate run --against acme/api:main          compare with the base image in the same job
  memgate run --update-baseline                nightly: record a new baseline
  memgate doctor                               what can be measured on this machine

Exit codes: 0 pass, 1 regression, 2 usage or config error, 3 infrastructure error.`;

const collect = (value: string, previous: string[]) => [...previous, value];

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number >= 1');
  return n;
}

function formats(value: string) {
  const r = parseFormats(value);
  if (!r.ok) throw new InvalidArgumentError(r.error);
  return r.value;
}

export function buildProgram(io: Io, setExit: (code: number) => void): Command {
  const program = new Command('memgate')
    .description('A memory-regression gate for services.')
    .version(VERSION)
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .addHelpText('after', RUN_EXAMPLES);

  program
    .command('run')
    .description('run the scenarios against the target, compare with the baseline, write the reports')
    .option('-c, --config <file>', 'config file', 'memgate.yml')
    .option('-s, --scenario <name>', 'run only this scenario (repeatable)', collect, [])
    .option('--repeat <n>', 'runs per scenario (overrides the config)', positiveInt)
    .option('--baseline <file>', 'baseline file (overrides the config)')
    .option('--against <image>', 'also run this image, interleaved, and compare the two directly')
    .option('--out <dir>', 'folder for results and reports', 'memgate-out')
    .option('--format <list>', `report formats, comma-separated (${REPORT_FORMATS.join(',')})`, formats)
    .option('--update-baseline', 'write the results into the baseline (never on pull requests)')
    .option('--strict', 'exit 1 on inconclusive too')
    .option('--shard <i/n>', 'run only shard I of N of the scenarios (for CI matrices)')
    .addOption(new Option('--driver <name>', 'force a driver').choices(['docker', 'process']).hideHelp())
    .addHelpText('after', RUN_EXAMPLES)
    .action(async (opts) => setExit(await runCommand(opts, io)));

  program
    .command('compare')
    .description('compare results with a baseline without running anything')
    .argument('<baseline>', 'baseline file')
    .argument('<results>', 'results file')
    .option('--format <list>', 'report formats', formats)
    .option('--out <dir>', 'folder for reports', 'memgate-out')
    .option('--strict', 'exit 1 on inconclusive too')
    .action(async (baseline: string, results: string, opts) =>
      setExit(await compareCommand(baseline, results, opts, io)),
    );

  program
    .command('report')
    .description('render a results file in another format')
    .argument('<results>', 'results file')
    .requiredOption('--format <format>', 'md | html | junit | json | terminal')
    .option('-o, --output <file>', 'write here instead of stdout')
    .action(async (results: string, opts) => setExit(await reportCommand(results, opts, io)));

  const baseline = program.command('baseline').description('manage the stored baseline');
  baseline
    .command('accept')
    .description('write or merge results into the baseline (atomic)')
    .argument('<results>', 'results file')
    .option('--baseline <file>', 'baseline file', '.memgate/baseline.json')
    .action(async (results: string, opts) => setExit(await baselineAcceptCommand(results, opts, io)));

  program
    .command('merge')
    .description('join results of shards run on several machines')
    .argument('<results...>', 'results files')
    .requiredOption('-o, --output <file>', 'merged results file')
    .action(async (files: string[], opts) => setExit(await mergeCommand(files, opts, io)));

  program
    .command('init')
    .description('scaffold a memgate.yml from the bundled scenarios')
    .option('--image <image>', 'container image to gate')
    .option('--process <cmd>', 'local command to gate instead of an image')
    .option('--port <n>', 'port the service listens on', positiveInt)
    .option('-o, --output <file>', 'where to write', 'memgate.yml')
    .option('--force', 'overwrite an existing file')
    .action(async (opts) => setExit(await initCommand(opts, io)));

  // --history lives on `history` alone (commander reads it before or after the subcommand);
  // the subcommands see it through optsWithGlobals().
  const history = program
    .command('history')
    .description('nightly trend and change points per scenario')
    .option('--history <file>', 'history file', DEFAULT_HISTORY_FILE)
    .option('--format <format>', 'terminal | md | html | json | junit', 'terminal')
    .option('-o, --output <file>', 'write here instead of stdout')
    .action(async (opts) => setExit(await historyCommand(opts, io)));
  history
    .command('append')
    .description('record a night: the medians of a results file, appended to the history (atomic)')
    .argument('<results>', 'results file')
    .option('--commit <sha>', 'commit of this night (default: the results, then GITHUB_SHA)')
    .action(async (results: string, _opts, cmd: Command) =>
      setExit(await historyAppendCommand(results, cmd.optsWithGlobals(), io)),
    );
  history
    .command('issue')
    .description('open or update the nightly tracking issue when a new change point appears')
    .action(async (_opts, cmd: Command) => setExit(await historyIssueCommand(cmd.optsWithGlobals(), io)));

  program
    .command('doctor')
    .description('what can be measured here, and why not')
    .action(async () => setExit(await doctorCommand(io)));

  program
    .command('demo')
    .description('gate the bundled reference service (examples/ugly-service)')
    .option('--out <dir>', 'folder for results and reports', 'memgate-demo')
    .action(async (opts) => setExit(await demoCommand(opts, io)));

  return program;
}
