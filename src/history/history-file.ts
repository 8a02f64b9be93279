/** Reading and writing the history file: atomic writes; a corrupt file is reported and left untouched. */
import { readFile } from 'node:fs/promises';
import { MemgateError, errorText } from '../errors.js';
import { writeJsonAtomic } from '../results-file.js';
import { HISTORY_SCHEMA, type History } from './history.js';

/** The history in `file`, or undefined when there is none yet. */
export async function readHistory(file: string): Promise<History | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new MemgateError('historyCorrupt', { file, reason: code ?? String(e) });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new MemgateError('historyCorrupt', {
      file,
      reason: `not JSON (${errorText(e)})`,
    });
  }
  const schema = (data as { schema?: unknown } | null)?.schema;
  if (schema !== HISTORY_SCHEMA) {
    throw new MemgateError('historyCorrupt', {
      file,
      reason: `schema is ${JSON.stringify(schema)}, expected "${HISTORY_SCHEMA}"`,
    });
  }
  const nights = (data as { nights?: unknown }).nights;
  if (!Array.isArray(nights) || !nights.every(isNight)) {
    throw new MemgateError('historyCorrupt', { file, reason: '"nights" is not a list of nights' });
  }
  return data as History;
}

export async function writeHistory(file: string, history: History): Promise<void> {
  await writeJsonAtomic(file, history);
}

function isNight(n: unknown): boolean {
  if (typeof n !== 'object' || n === null) return false;
  const night = n as Record<string, unknown>;
  return (
    typeof night.commit === 'string' &&
    typeof night.date === 'string' &&
    typeof night.scenarios === 'object' &&
    night.scenarios !== null
  );
}
