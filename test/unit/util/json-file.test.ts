import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isMemgateError, MemgateError } from '../../../src/errors.js';
import { readJsonFile, writeJsonFile } from '../../../src/util/json-file.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'memgate-json-file-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const schema = z.looseObject({ schema: z.literal('t@1'), n: z.number() });
const spec = (file: string) => ({
  schema,
  corrupt: (reason: string) => new MemgateError('resultsCorrupt', { file, reason }),
});

describe('writeJsonFile', () => {
  it('writes indented JSON with a final newline, creating the folder, and leaves no temp file', async () => {
    const file = join(dir, 'sub', 'a.json');
    await writeJsonFile(file, { schema: 't@1', n: 1 });
    expect(readFileSync(file, 'utf8')).toBe('{\n  "schema": "t@1",\n  "n": 1\n}\n');
    expect(readdirSync(join(dir, 'sub'))).toEqual(['a.json']);
  });

  it('fails with an io error naming the file, and removes its temp file', async () => {
    const file = join(dir, 'taken');
    // a folder where the file should go: the rename fails after the temp file was written
    await writeJsonFile(join(file, 'x.json'), {});
    const err = await writeJsonFile(file, { n: 1 }).catch((e: unknown) => e);
    expect(isMemgateError(err) && err.code).toBe('io');
    expect((err as Error).message).toContain(file);
    expect(readdirSync(dir)).toEqual(['taken']);
  });
});

describe('readJsonFile', () => {
  it('returns the content that passes the schema', async () => {
    const file = join(dir, 'ok.json');
    writeFileSync(file, '{"n": 2, "schema": "t@1", "extra": true}');
    expect(await readJsonFile(file, spec(file))).toEqual({ schema: 't@1', n: 2, extra: true });
    expect(Object.keys((await readJsonFile(file, { ...spec(file), asRead: true })) as object)).toEqual([
      'n',
      'schema',
      'extra',
    ]);
  });

  it.each([
    ['missing', undefined, 'ENOENT'],
    ['not JSON', '{"n": ', 'not JSON ('],
    ['wrong shape', '{"schema": "t@1", "n": "two"}', 'expected number'],
  ])('%s: the catalog error names the file and why', async (_label, text, reason) => {
    const file = join(dir, 'bad.json');
    if (text !== undefined) writeFileSync(file, text);
    const err = await readJsonFile(file, spec(file)).catch((e: unknown) => e);
    expect(isMemgateError(err) && err.code).toBe('resultsCorrupt');
    expect((err as Error).message).toContain(file);
    expect((err as Error).message).toContain(reason);
  });

  it('optional: a missing file is undefined', async () => {
    const file = join(dir, 'none.json');
    expect(await readJsonFile(file, { ...spec(file), optional: true })).toBeUndefined();
  });
});
