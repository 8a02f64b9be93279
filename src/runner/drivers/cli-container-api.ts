/** CliContainerApi: ContainerApi over the `docker` (or `podman`, same CLI) client, through execa, so remote engines and contexts work as the user's own CLI does; every call goes through one wrapper that attaches the command line to failures. */
import { execa } from 'execa';
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { secToMs } from '../../units.js';
import {
  ContainerApiError,
  type ContainerApi,
  type ContainerState,
  type EngineEvent,
  type RunOptions,
} from './container-api.js';

export class CliContainerApi implements ContainerApi {
  constructor(readonly engine: string = 'docker') {}

  private async exec(args: string[], timeoutMs = 120_000): Promise<string> {
    try {
      const r = await execa(this.engine, args, { timeout: timeoutMs, stdin: 'ignore' });
      return r.stdout;
    } catch (e) {
      const err = e as { stderr?: string; exitCode?: number; shortMessage?: string; code?: string };
      const stderr =
        err.code === 'ENOENT'
          ? `${this.engine}: command not found`
          : (err.stderr ?? err.shortMessage ?? String(e));
      throw new ContainerApiError(`${this.engine} ${args.join(' ')}`, stderr, err.exitCode);
    }
  }

  async info(): Promise<Record<string, unknown>> {
    return JSON.parse(await this.exec(['info', '--format', '{{json .}}'], 15_000)) as Record<string, unknown>;
  }

  async imageExists(image: string): Promise<boolean> {
    try {
      await this.exec(['image', 'inspect', '--format', '{{.Id}}', image], 30_000);
      return true;
    } catch (e) {
      if (e instanceof ContainerApiError && /no such image|not found|No such object/i.test(e.stderr))
        return false;
      throw e;
    }
  }

  async build(
    context: string,
    tag: string,
    dockerfile: string | undefined,
    args: Record<string, string>,
  ): Promise<void> {
    const buildArgs = Object.entries(args).flatMap(([k, v]) => ['--build-arg', `${k}=${v}`]);
    await this.exec(
      ['build', '-q', '-t', tag, ...(dockerfile ? ['-f', dockerfile] : []), ...buildArgs, context],
      1_800_000,
    );
  }

  async run(o: RunOptions): Promise<string> {
    const args = ['run', '-d', '--name', o.name];
    for (const [k, v] of Object.entries(o.labels)) args.push('--label', `${k}=${v}`);
    for (const [k, v] of Object.entries(o.env)) args.push('--env', `${k}=${v}`);
    for (const v of o.volumes) args.push('--volume', v);
    if (o.port !== undefined) args.push('--publish', `127.0.0.1::${o.port}`);
    for (const p of o.extraPorts ?? []) args.push('--publish', `127.0.0.1::${p}`);
    // Swap equal to memory: no swap, so OOM behaviour is deterministic (docs/design/measurement.md#no-swap).
    if (o.memoryBytes !== undefined)
      args.push('--memory', `${o.memoryBytes}b`, '--memory-swap', `${o.memoryBytes}b`);
    if (o.cpus !== undefined) args.push('--cpus', String(o.cpus));
    if (o.workdir !== undefined) args.push('--workdir', o.workdir);
    if (o.network !== undefined) args.push('--network', o.network);
    if (o.networkAlias !== undefined) args.push('--network-alias', o.networkAlias);
    if (o.entrypoint !== undefined) args.push('--entrypoint', o.entrypoint[0] ?? '');
    args.push(o.image, ...(o.entrypoint?.slice(1) ?? []), ...(o.command ?? []));
    return (await this.exec(args)).trim();
  }

  async inspect(id: string): Promise<ContainerState> {
    const out = await this.exec(
      ['inspect', '--format', '{{json .State}}|{{json .HostConfig.Memory}}', id],
      30_000,
    );
    const [stateJson, mem] = out.split('|');
    const s = JSON.parse(stateJson ?? '{}') as Record<string, unknown>;
    return {
      status: String(s['Status']),
      running: s['Running'] === true,
      pid: Number(s['Pid'] ?? 0),
      exitCode: Number(s['ExitCode'] ?? 0),
      oomKilled: s['OOMKilled'] === true,
      startedAt: String(s['StartedAt'] ?? ''),
      finishedAt: String(s['FinishedAt'] ?? ''),
      memoryBytes: Number(mem ?? 0),
    };
  }

  async hostPort(id: string, port: number): Promise<number> {
    const out = await this.exec(['port', id, `${port}/tcp`], 30_000);
    const m = /:(\d+)\s*$/m.exec(out);
    if (!m)
      throw new ContainerApiError(
        `${this.engine} port ${id} ${port}/tcp`,
        `no host port in "${out}"`,
        undefined,
      );
    return Number(m[1]);
  }

  followLogs(id: string, file: string): { done: Promise<void>; stop(): void } {
    // The child writes straight into the file descriptor: the log never passes through our heap.
    const fd = openSync(file, 'a');
    const child = spawn(this.engine, ['logs', '--follow', id], { stdio: ['ignore', fd, fd] });
    const done = new Promise<void>((resolve) => {
      child.once('error', () => resolve());
      child.once('close', () => resolve());
    }).finally(() => closeSync(fd));
    return { done, stop: () => void child.kill('SIGTERM') };
  }

  waitExit(id: string): { exited: Promise<number | null>; cancel(): void } {
    const child = execa(this.engine, ['wait', id], { stdin: 'ignore', reject: false });
    const exited = child.then((r) =>
      r.exitCode === 0 && /^\d+$/.test(r.stdout.trim()) ? Number(r.stdout.trim()) : null,
    );
    return { exited, cancel: () => void child.kill('SIGTERM') };
  }

  async stop(id: string, graceSeconds: number): Promise<void> {
    await this.exec(['stop', '--time', String(graceSeconds), id], secToMs(graceSeconds + 30));
  }

  async remove(id: string): Promise<void> {
    try {
      await this.exec(['rm', '--force', '--volumes', id], 60_000);
    } catch (e) {
      if (e instanceof ContainerApiError && /no such container/i.test(e.stderr)) return;
      throw e;
    }
  }

  async listByLabel(label: string): Promise<{ id: string; labels: Record<string, string> }[]> {
    const rows = await this.listLabelled(['ps', '-a', '--no-trunc'], '{{.ID}}', label);
    return rows.map(([id, labels]) => ({ id, labels }));
  }

  async networkAddress(id: string, network: string): Promise<string | undefined> {
    const out = await this.exec(
      [
        'inspect',
        '--format',
        `{{with index .NetworkSettings.Networks "${network}"}}{{.IPAddress}}{{end}}`,
        id,
      ],
      30_000,
    );
    return out.trim() === '' ? undefined : out.trim();
  }

  async listNetworksByLabel(label: string): Promise<{ name: string; labels: Record<string, string> }[]> {
    const rows = await this.listLabelled(['network', 'ls'], '{{.Name}}', label);
    return rows.map(([name, labels]) => ({ name, labels }));
  }

  /** `docker <list command> --filter label=L`: one [key, labels] row per listed object. */
  private async listLabelled(
    command: string[],
    key: string,
    label: string,
  ): Promise<[string, Record<string, string>][]> {
    const out = await this.exec([
      ...command,
      '--filter',
      `label=${label}`,
      '--format',
      `${key}\t{{.Labels}}`,
    ]);
    return out
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => {
        const [k = '', labelText = ''] = l.split('\t');
        return [k, parseLabels(labelText)];
      });
  }

  async events(id: string, sinceIso: string): Promise<EngineEvent[]> {
    const until = new Date(Date.now() + 1000).toISOString();
    const out = await this.exec(
      [
        'events',
        '--since',
        sinceIso,
        '--until',
        until,
        '--filter',
        `container=${id}`,
        '--format',
        '{{json .}}',
      ],
      30_000,
    );
    return out
      .split('\n')
      .filter((l) => l.trim().startsWith('{'))
      .map((l) => {
        const e = JSON.parse(l) as {
          Action?: string;
          status?: string;
          timeNano?: number;
          Actor?: { Attributes?: Record<string, string> };
        };
        return {
          action: e.Action ?? e.status ?? '',
          timeNano: e.timeNano ?? 0,
          attributes: e.Actor?.Attributes ?? {},
        };
      });
  }

  async createNetwork(name: string, labels: Record<string, string>): Promise<void> {
    await this.exec([
      'network',
      'create',
      ...Object.entries(labels).flatMap(([k, v]) => ['--label', `${k}=${v}`]),
      name,
    ]);
  }

  async removeNetwork(name: string): Promise<void> {
    try {
      await this.exec(['network', 'rm', name], 60_000);
    } catch (e) {
      if (e instanceof ContainerApiError && /not found|no such network/i.test(e.stderr)) return;
      throw e;
    }
  }
}

/** `a=1,b=2` as the CLI's `{{.Labels}}` prints it. */
function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const kv of text.split(',')) {
    const i = kv.indexOf('=');
    if (i > 0) labels[kv.slice(0, i)] = kv.slice(i + 1);
  }
  return labels;
}
