/**
 * The CLI's usage and config errors, as a user meets them (SPEC section 2): each exits 2 before anything
 * runs and says what is wrong, where, and how to fix it. In-process through run(io); no engine needed.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runCliInProcess, tempDir } from '../../helpers/run-cli.js';

/** A target whose start leaves a file behind, so a test can prove nothing was started. */
function probeConfig(dir: string, extra = ''): string {
  const file = join(dir, 'memgate.yml');
  writeFileSync(
    file,
    `version: 1
target:
  process: [node, -e, "require('fs').writeFileSync('${join(dir, 'STARTED')}', '')"]
  port: 18999
  ready: { tcp: true, timeout: 2s }
repeat: 1
${extra}scenarios:
  - name: alpha
    phases: [ { idle: 1s } ]
  - name: beta
    phases: [ { idle: 1s } ]
`,
  );
  return file;
}

function started(dir: string): boolean {
  try {
    readFileSync(join(dir, 'STARTED'));
    return true;
  } catch {
    return false;
  }
}

describe('memgate --help', () => {
  test('lists every command, the run examples and the exit codes', async () => {
    const r = await runCliInProcess(['--help']);
    expect(r.code).toBe(0);
    for (const command of ['run', 'compare', 'report', 'baseline', 'merge', 'init', 'doctor', 'demo']) {
      expect(r.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    }
    expect(r.stdout).toContain('memgate run --update-baseline');
    expect(r.stdout).toContain('memgate run -c api.yml -s upload-200mb --repeat 5');
    expect(r.stdout).toMatch(/Exit codes: 0 pass, 1 regression, 2 usage or config error, 3 infrastructure/);
  });

  test('run --help shows the examples too', async () => {
    const r = await runCliInProcess(['run', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--shard <i/n>');
    expect(r.stdout).toContain('memgate run --against');
  });
});

describe('usage errors exit 2', () => {
  test('an unknown flag names the flag and points at --help', async () => {
    const r = await runCliInProcess(['run', '--bogus']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown option '--bogus'");
    expect(r.stderr).toContain('--help');
  });

  test('a bad --format value names the allowed formats', async () => {
    const r = await runCliInProcess(['run', '--format', 'json,pdf']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown format pdf; expected some of .*md/);
  });

  test('a bad --shard names the expected shape', async () => {
    const dir = tempDir();
    probeConfig(dir);
    const r = await runCliInProcess(['run', '--shard', '3/2'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--shard expects I/N with 1 <= I <= N, got "3/2"');
    expect(started(dir)).toBe(false);
  });
});

describe('config errors exit 2 with file, position and hint', () => {
  test('bad YAML gives file:line:column and the syntax hint', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'bad.yml'), 'version: 1\ntarget: { image: x, port: 80\nrepeat: 1\n');
    const r = await runCliInProcess(['run', '-c', 'bad.yml'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`${join(dir, 'bad.yml')}:\\d+:\\d+: YAML syntax error`));
    expect(r.stderr).toMatch(/^hint: Fix the YAML syntax at that position/m);
  });

  test('an unknown key is reported at its line with a did-you-mean', async () => {
    const dir = tempDir();
    const file = probeConfig(dir, 'reapet: 3\n');
    const r = await runCliInProcess(['run', '-c', file], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}:7:1:`);
    expect(r.stderr).toContain('unknown key "reapet" (did you mean "repeat"?)');
    expect(r.stderr).toMatch(/^hint: /m);
    expect(started(dir)).toBe(false);
  });

  test('a missing config file names the absolute path and how to make one', async () => {
    const dir = tempDir();
    const r = await runCliInProcess(['run'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`Config file not found: ${join(dir, 'memgate.yml')}`);
    expect(r.stderr).toContain('memgate init --image IMAGE');
  });

  test('-s NOPE lists the known scenarios and starts nothing', async () => {
    const dir = tempDir();
    probeConfig(dir);
    const r = await runCliInProcess(['run', '-s', 'alpha', '-s', 'NOPE'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Unknown scenario "NOPE" (-s)');
    expect(r.stderr).toContain('Known: alpha, beta.');
    expect(started(dir)).toBe(false);
  });
});

describe('baseline errors exit 2 before anything runs, and leave the file alone', () => {
  test('a corrupt baseline names the file and the reason, byte-identical afterwards', async () => {
    const dir = tempDir();
    probeConfig(dir, 'baseline: { file: base.json }\n');
    const baseline = join(dir, 'base.json');
    writeFileSync(baseline, '{not json');
    const before = readFileSync(baseline);
    const r = await runCliInProcess(['run', '--update-baseline'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`Baseline ${baseline} cannot be used: not valid JSON`);
    expect(r.stderr).toContain('The file was left untouched');
    expect(readFileSync(baseline).equals(before)).toBe(true);
    expect(started(dir)).toBe(false);
    expect(r.stdout).not.toContain('▶');
  });

  test('a baseline of an unknown schema version is refused the same way', async () => {
    const dir = tempDir();
    probeConfig(dir);
    const baseline = join(dir, 'future.json');
    const text = JSON.stringify({ schema: 'memgate/baseline@9', scenarios: {} });
    writeFileSync(baseline, text);
    const r = await runCliInProcess(['run', '--baseline', 'future.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `Baseline ${baseline} cannot be used: unknown schema version memgate/baseline@9`,
    );
    expect(readFileSync(baseline, 'utf8')).toBe(text);
    expect(started(dir)).toBe(false);
  });

  test('compare refuses a baseline that does not exist', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'r.json'), '{}');
    const r = await runCliInProcess(['compare', 'missing.json', 'r.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`Baseline ${join(dir, 'missing.json')} cannot be used: no such file`);
  });
});
