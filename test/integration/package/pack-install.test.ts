/**
 * The npm package as a user gets it: the repository's tracked files (a clean clone: no dist/cli.js, which
 * is not committed) packed with `npm pack`, whose `prepack` builds the CLI; the tarball installed into
 * an empty project; `npx memgate` run there, on a real process target.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { freePort, isListening } from '../../helpers/free-port.js';
import { tempDir } from '../../helpers/run-cli.js';
import { tinyTargetConfig } from '../../helpers/tiny-target.js';

const ROOT = resolve(import.meta.dirname, '../../..');
/** Packing builds the CLI; installing resolves the runtime dependencies (from the npm cache when it can). */
const PACK_INSTALL_TIMEOUT_MS = 120_000;
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

interface Step {
  code: number;
  stdout: string;
  stderr: string;
}

function sh(cmd: string, args: string[], cwd: string): Step {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** The tracked files as a fresh clone has them, with this checkout's node_modules (as after `npm ci`). */
function cleanClone(dir: string): void {
  const listed = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT });
  const files = listed
    .toString('utf8')
    .split('\0')
    .filter((f) => f !== '' && existsSync(join(ROOT, f)));
  execFileSync('tar', ['--null', '-T', '-', '-cf', join(dir, 'files.tar')], {
    cwd: ROOT,
    input: files.join('\0'),
  });
  mkdirSync(join(dir, 'clone'));
  execFileSync('tar', ['-xf', join(dir, 'files.tar'), '-C', join(dir, 'clone')]);
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'clone', 'node_modules'));
}

describe('the npm package', () => {
  let dir: string;
  let packed: { filename: string; files: { path: string }[] };
  let project: string;
  let install: Step;

  beforeAll(() => {
    dir = tempDir('memgate-pack-');
    cleanClone(dir);
    const clone = join(dir, 'clone');
    expect(existsSync(join(clone, 'dist', 'cli.js'))).toBe(false);
    const pack = sh('npm', ['pack', '--json', '--pack-destination', dir], clone);
    if (pack.code !== 0) throw new Error(`npm pack failed (${pack.code}):\n${pack.stderr}`);
    packed = (JSON.parse(pack.stdout) as (typeof packed)[])[0] as typeof packed;
    project = join(dir, 'project');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), '{ "name": "memgate-user", "private": true }\n');
    const tarball = join(dir, packed.filename);
    install = sh('npm', ['install', tarball, '--prefer-offline', '--no-audit', '--no-fund'], project);
  }, PACK_INSTALL_TIMEOUT_MS);

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  test('npm pack from a clean clone carries the built CLI, the Action, the schema and the licence', () => {
    const paths = packed.files.map((f) => f.path);
    for (const file of ['dist/cli.js', 'dist/action.js', 'action.yml', 'LICENSE', 'package.json']) {
      expect(paths).toContain(file);
    }
    expect(paths.some((p) => p.startsWith('schema/'))).toBe(true);
    expect(paths.some((p) => p.startsWith('src/') || p.startsWith('test/'))).toBe(false);
  });

  test('installs into an empty project without the Action toolkit, and `npx memgate --version` answers', () => {
    expect(install.code, install.stderr).toBe(0);
    expect(existsSync(join(project, 'node_modules', '@actions', 'core'))).toBe(false);
    const version = sh('npx', ['--no-install', 'memgate', '--version'], project);
    expect(version.code, version.stderr).toBe(0);
    expect(version.stdout.trim()).toBe(VERSION);
  });

  test(
    'the installed `npx memgate run` gates a process target: exit 0 and the verdict line',
    async () => {
      expect(install.code, install.stderr).toBe(0);
      const port = await freePort();
      writeFileSync(join(project, 'memgate.yml'), tinyTargetConfig(port));
      const run = sh('npx', ['--no-install', 'memgate', 'run', '--format', 'terminal,json'], project);
      expect(run.code, run.stdout + run.stderr).toBe(0);
      // No baseline yet is not a pass: inconclusive, exit 0, and the next step printed after the verdict.
      expect(run.stdout).toMatch(/^memgate: INCONCLUSIVE \(exit 0/m);
      expect(run.stdout).toMatch(/^next: accept this run as the baseline: memgate baseline accept /m);
      const results = JSON.parse(
        readFileSync(join(project, 'memgate-out', 'memgate-results.json'), 'utf8'),
      ) as { scenarios: { name: string }[] };
      expect(results.scenarios.map((s) => s.name)).toEqual(['tiny']);
      expect(await isListening(port)).toBe(false);
    },
    PACK_INSTALL_TIMEOUT_MS,
  );
});
