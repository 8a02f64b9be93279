/**
 * The files memgate keeps (results, baseline, history, reports): written atomically, so a reader never
 * sees half a file and a crash leaves the old one; read with a schema check, so a bad file is a
 * catalog error naming it, and it is never modified.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { z } from 'zod';
import { MemgateError, errorText } from '../errors.js';

/** Writes `text` to a temp file beside `file`, then renames it over `file`; the temp file never stays. */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  // A hidden name in the same folder: rename is atomic only within one file system.
  const tmp = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    // The first run or accept in a repository has no `.memgate/` or output folder yet.
    await mkdir(dirname(file), { recursive: true });
    await writeFile(tmp, text, 'utf8');
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true });
    throw new MemgateError('io', { op: 'write', file, reason: errorText(e) }, { cause: e });
  }
}

/** `value` as indented JSON, written atomically. */
export async function writeJsonFile(file: string, value: unknown): Promise<void> {
  await writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`);
}

export interface JsonFileSpec<S extends z.ZodType> {
  /** The shape the content must have. */
  schema: S;
  /** The catalog error for a file that is there but unusable; it names the file. */
  corrupt: (reason: string) => MemgateError;
  /** Return undefined for a missing file instead of an error (a baseline or history not made yet). */
  optional?: boolean;
  /** The error for a file that exists but cannot be read; `corrupt(errno code)` unless given. */
  unreadable?: (e: unknown) => MemgateError;
  /** How a file that is not JSON is described; "not JSON" unless given. */
  notJson?: string;
  /** The reason given for the first schema issue; the issue's own message unless given. */
  describeIssue?: (issue: z.core.$ZodIssue) => string;
  /**
   * Return the content as read, in the file's key order, rather than zod's rebuilt object (known keys
   * first): for files written back after reading, whose key order is part of their output.
   */
  asRead?: boolean;
}

export async function readJsonFile<S extends z.ZodType>(
  file: string,
  spec: JsonFileSpec<S> & { optional: true },
): Promise<z.output<S> | undefined>;
export async function readJsonFile<S extends z.ZodType>(
  file: string,
  spec: JsonFileSpec<S>,
): Promise<z.output<S>>;
export async function readJsonFile<S extends z.ZodType>(
  file: string,
  spec: JsonFileSpec<S>,
): Promise<z.output<S> | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && spec.optional === true) return undefined;
    throw spec.unreadable?.(e) ?? spec.corrupt(code ?? String(e));
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw spec.corrupt(`${spec.notJson ?? 'not JSON'} (${errorText(e)})`);
  }
  const parsed = spec.schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw spec.corrupt(
      issue === undefined ? 'wrong shape' : (spec.describeIssue ?? ((i) => i.message))(issue),
    );
  }
  return spec.asRead === true ? (data as z.output<S>) : parsed.data;
}
