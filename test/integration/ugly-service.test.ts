import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const SERVER = fileURLToPath(new URL('../../examples/ugly-service/server.js', import.meta.url));

interface Service {
  child: ChildProcess;
  base: string;
}

interface Stats {
  requests: number;
  leaked_bytes: number;
  cache_entries: number;
  cache_max_entries: number | null;
}

const started: ChildProcess[] = [];

async function startService(env: Record<string, string> = {}): Promise<Service> {
  const child = spawn(process.execPath, ['--expose-gc', SERVER], {
    env: { ...process.env, ...env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`server did not start; stderr: ${stderr}`)), 10_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /listening on (\d+)/.exec(stdout);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}; stderr: ${stderr}`));
    });
  });
  return { child, base: `http://127.0.0.1:${port}` };
}

async function stats(service: Service): Promise<Stats> {
  const res = await fetch(`${service.base}/stats`);
  return (await res.json()) as Stats;
}

async function upload(service: Service, bytes: number): Promise<unknown> {
  const res = await fetch(`${service.base}/upload`, { method: 'POST', body: Buffer.alloc(bytes, 7) });
  expect(res.status).toBe(200);
  return res.json();
}

afterAll(() => {
  for (const child of started)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

describe('ugly-service', () => {
  it('answers /healthz with 200 ok and unknown paths with 404', async () => {
    const service = await startService();
    const health = await fetch(`${service.base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.text()).toBe('ok');
    const missing = await fetch(`${service.base}/no/such/path`);
    expect(missing.status).toBe(404);
    await missing.body?.cancel();
  });

  for (const mode of ['streamed', 'buffered'] as const) {
    it(`exports 1000 rows of ~100 bytes (${mode})`, async () => {
      const service = await startService({ EXPORT_MODE: mode });
      const res = await fetch(`${service.base}/export?rows=1000`);
      expect(res.status).toBe(200);
      const text = await res.text();
      const rows = JSON.parse(text) as { id: number }[];
      expect(rows).toHaveLength(1000);
      expect(rows[999]?.id).toBe(999);
      expect(text.length).toBeGreaterThanOrEqual(1000 * 95);
      expect(text.length).toBeLessThanOrEqual(1000 * 105);
    });

    it(`counts a 5 MiB upload (${mode})`, async () => {
      const service = await startService({ UPLOAD_MODE: mode });
      expect(await upload(service, 5 * 1024 * 1024)).toEqual({ bytes: 5_242_880 });
      expect((await stats(service)).requests).toBe(1);
    });
  }

  it('leaks LEAK_BYTES_PER_REQUEST per counted request', async () => {
    const service = await startService({ LEAK_BYTES_PER_REQUEST: '4096' });
    for (let i = 0; i < 25; i++) await (await fetch(`${service.base}/items`)).arrayBuffer();
    await (await fetch(`${service.base}/healthz`)).arrayBuffer(); // not counted
    await (await fetch(`${service.base}/debug/gc`, { method: 'POST' })).arrayBuffer();
    const s = await stats(service);
    expect(s.requests).toBe(26);
    expect(s.leaked_bytes).toBe(s.requests * 4096);
  });

  it('keeps a bounded cache at or under CACHE_MAX_ENTRIES', async () => {
    const service = await startService({ CACHE_MAX_ENTRIES: '10' });
    for (let i = 0; i < 40; i++) {
      const path = i % 3 === 0 ? `/items?key=k${i % 5}` : '/items';
      await (await fetch(`${service.base}${path}`)).arrayBuffer();
      const s = await stats(service);
      expect(s.cache_entries).toBeLessThanOrEqual(10);
    }
    expect((await stats(service)).cache_entries).toBe(10);
  });

  it('grows an unbounded cache with CACHE_MAX_ENTRIES=0 and has none when unset', async () => {
    const unbounded = await startService({ CACHE_MAX_ENTRIES: '0' });
    const disabled = await startService();
    for (let i = 0; i < 20; i++) {
      await (await fetch(`${unbounded.base}/items`)).arrayBuffer();
      await (await fetch(`${disabled.base}/items`)).arrayBuffer();
    }
    expect((await stats(unbounded)).cache_entries).toBe(20);
    expect((await stats(disabled)).cache_entries).toBe(0);
  });

  it('answers /v1/complete and /debug/gc', async () => {
    const service = await startService();
    const prompt = 'word '.repeat(10_000);
    const res = await fetch(`${service.base}/v1/complete`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ prompt }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ prompt_chars: prompt.length });
    const gc = await fetch(`${service.base}/debug/gc`, { method: 'POST' });
    expect(gc.status).toBe(200);
    expect(await gc.json()).toEqual({ gc: true });
  });

  it('exits 0 within 2 s of SIGTERM, even with an open keep-alive connection', async () => {
    const service = await startService();
    await (await fetch(`${service.base}/items`)).arrayBuffer();
    const t0 = performance.now();
    const exited = once(service.child, 'exit');
    service.child.kill('SIGTERM');
    const [code, signal] = (await exited) as [number | null, NodeJS.Signals | null];
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});
