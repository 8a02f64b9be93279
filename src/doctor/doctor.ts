/**
 * `memgate doctor`: what can be measured here and why not (README.md#commands docs/design/measurement.md#sources, docs/design/measurement.md#locate).
 * diagnose() gathers facts into a plain report; the engine call is injectable.
 */
import { execa } from 'execa';
import { readdirSync } from 'node:fs';
import { createTargetCgroup } from '../runner/drivers/process/target-cgroup.js';
import { readOptional } from '../runner/sampling/held-file.js';
import { readHierarchy } from '../runner/sampling/locate.js';
import { cgroupLineFor, parseProcCgroup } from '../runner/sampling/parse/proc-cgroup.js';
import { joinDir, mapOntoMount } from '../runner/sampling/resolve-cgroup.js';
import { definedOnly } from '../util/defined-only.js';

export type ExecFn = (
  file: string,
  args: string[],
  timeoutMs: number,
) => Promise<{ exitCode: number; stdout: string; stderr: string }>;

export interface DoctorEnv {
  exec?: ExecFn;
  procRoot?: string;
  fsRoot?: string;
  /** Try to create (and remove) a probe cgroup for the process driver (default true). */
  probeCgroup?: boolean;
}

export interface DoctorReport {
  engine: {
    reachable: boolean;
    detail: string;
    cgroupDriver?: string;
    cgroupVersion?: string;
    desktop?: boolean;
    rootless?: boolean;
  };
  cgroup: { memory: 'v1' | 'v2' | 'none'; hybrid: boolean; mountPoint?: string; ownDir?: string };
  /**
   * Memory files of the cgroup judged: name -> readable. On v2 the root cgroup (and a container's
   * namespace root) has no memory.current or memory.peak by design, so when ours lacks them the
   * judgement comes from a child: the probe cgroup memgate would create, else an existing child.
   */
  files: Record<string, boolean>;
  filesFrom: { kind: 'own' | 'probe' | 'child'; dir?: string };
  peakSupported: boolean;
  psiSupported: boolean;
  processCgroup: { possible: boolean; detail: string };
  sources: { docker: string; process: string };
}

const defaultExec: ExecFn = async (file, args, timeoutMs) => {
  const r = await execa(file, args, { reject: false, timeout: timeoutMs });
  return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
};

export async function diagnose(env: DoctorEnv = {}): Promise<DoctorReport> {
  const procRoot = env.procRoot ?? '/proc';
  const fsRoot = env.fsRoot ?? '';
  const engine = await probeEngine(env.exec ?? defaultExec);
  const h = readHierarchy(procRoot, fsRoot);
  const memory = !h || h.version === 'none' ? 'none' : h.version === 1 ? 'v1' : 'v2';
  const line =
    h && h.version !== 'none'
      ? cgroupLineFor(
          parseProcCgroup(readOptional(`${procRoot}/self/cgroup`) ?? ''),
          h.version === 1 ? 'memory' : 'unified',
        )
      : undefined;
  const mapped = line && h ? mapOntoMount(line.path, h.mounts) : undefined;
  const ownDir = mapped && fsRoot + joinDir(mapped.mount.mountPoint, mapped.relative);
  const names =
    memory === 'v2'
      ? ['memory.current', 'memory.stat', 'memory.peak', 'memory.events', 'memory.pressure']
      : ['memory.usage_in_bytes', 'memory.stat', 'memory.max_usage_in_bytes', 'memory.oom_control'];
  const processCgroup = probeProcessCgroup(env.probeCgroup ?? true, procRoot, fsRoot, names);
  const judged = judgedCgroup(memory, ownDir, processCgroup);
  const files = judged.files ?? readableFiles(judged.dir, names);
  const unified = h?.unifiedMounts[0];
  const psiSupported =
    memory === 'v2'
      ? files['memory.pressure'] === true
      : unified !== undefined && readOptional(`${fsRoot}${unified.mountPoint}/memory.pressure`) !== undefined;
  const peakSupported = files[memory === 'v2' ? 'memory.peak' : 'memory.max_usage_in_bytes'] === true;
  return {
    engine,
    cgroup: {
      memory,
      hybrid: h?.hybrid ?? false,
      ...(mapped ? { mountPoint: fsRoot + mapped.mount.mountPoint } : {}),
      ...(ownDir ? { ownDir } : {}),
    },
    files,
    filesFrom: { kind: judged.kind, ...definedOnly({ dir: judged.dir }) },
    peakSupported,
    psiSupported,
    processCgroup: { possible: processCgroup.possible, detail: processCgroup.detail },
    sources: {
      docker: dockerSource(engine, memory),
      process: processCgroup.possible
        ? `cgroup-${memory} (own cgroup per process)`
        : `proctree, low confidence (${processCgroup.detail})`,
    },
  };
}

async function probeEngine(exec: ExecFn): Promise<DoctorReport['engine']> {
  try {
    const r = await exec('docker', ['info', '--format', '{{json .}}'], 10_000);
    if (r.exitCode !== 0)
      return {
        reachable: false,
        detail: (r.stderr || r.stdout).trim().split('\n')[0] ?? `exit ${r.exitCode}`,
      };
    const info = JSON.parse(r.stdout) as {
      CgroupDriver?: string;
      CgroupVersion?: string;
      OperatingSystem?: string;
      SecurityOptions?: string[];
      ServerVersion?: string;
    };
    return {
      reachable: true,
      detail: `Docker ${info.ServerVersion ?? '?'} on ${info.OperatingSystem ?? '?'}`,
      ...(info.CgroupDriver ? { cgroupDriver: info.CgroupDriver } : {}),
      ...(info.CgroupVersion ? { cgroupVersion: info.CgroupVersion } : {}),
      desktop: (info.OperatingSystem ?? '').includes('Docker Desktop'),
      rootless: (info.SecurityOptions ?? []).some((o) => o.includes('name=rootless')),
    };
  } catch (e) {
    return { reachable: false, detail: (e as Error).message.split('\n')[0] ?? 'docker info failed' };
  }
}

interface ProcessCgroupProbe {
  possible: boolean;
  detail: string;
  /** The probe cgroup's memory files, read before it was removed. */
  dir?: string;
  files?: Record<string, boolean>;
}

function readableFiles(dir: string | undefined, names: string[]): Record<string, boolean> {
  const files: Record<string, boolean> = {};
  for (const n of names) files[n] = dir !== undefined && readOptional(`${dir}/${n}`) !== undefined;
  return files;
}

function probeProcessCgroup(
  probe: boolean,
  procRoot: string,
  fsRoot: string,
  names: string[],
): ProcessCgroupProbe {
  if (!probe) return { possible: false, detail: 'not probed' };
  const r = createTargetCgroup({ name: `doctor-${process.pid}`, procRoot, fsRoot });
  if (!r.ok) return { possible: false, detail: r.reason };
  const files = readableFiles(r.cgroup.dir, names);
  void r.cgroup.remove();
  return {
    possible: true,
    detail: `created and removed a v${r.cgroup.version} cgroup under ${r.cgroup.dir.replace(/\/[^/]+$/, '')}`,
    dir: r.cgroup.dir,
    files,
  };
}

/**
 * Which cgroup's files to judge. Ours, unless it is a v2 cgroup without memory.current (the root, or
 * a container's namespace root): then the probe cgroup (what a process run gets), else the first
 * child that has memory.current (what a container or service gets).
 */
function judgedCgroup(
  memory: 'v1' | 'v2' | 'none',
  ownDir: string | undefined,
  probe: ProcessCgroupProbe,
): { kind: 'own' | 'probe' | 'child'; dir?: string; files?: Record<string, boolean> } {
  const own = { kind: 'own' as const, ...definedOnly({ dir: ownDir }) };
  if (memory !== 'v2' || ownDir === undefined || readOptional(`${ownDir}/memory.current`) !== undefined)
    return own;
  if (probe.files && probe.dir !== undefined) return { kind: 'probe', dir: probe.dir, files: probe.files };
  const child = childWithMemory(ownDir);
  return child === undefined ? own : { kind: 'child', dir: child };
}

function childWithMemory(dir: string): string | undefined {
  let names: string[];
  try {
    names = readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
  } catch {
    return undefined;
  }
  return names.map((n) => `${dir}/${n}`).find((d) => readOptional(`${d}/memory.current`) !== undefined);
}

function dockerSource(engine: DoctorReport['engine'], memory: 'v1' | 'v2' | 'none'): string {
  if (!engine.reachable) return 'none: no engine';
  if (engine.desktop) return 'docker-api (Docker Desktop: the cgroup files are inside a VM)';
  if (engine.rootless && memory === 'v1')
    return 'proctree, low confidence (rootless on cgroup v1 has no per-container cgroup)';
  if (memory === 'none') return 'docker-api (no memory controller visible here)';
  return `cgroup-${memory} files, validated per container (falls back to the stats API if validation fails)`;
}
