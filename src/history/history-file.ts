/** Reading and writing the history file: atomic writes; a corrupt file is reported and left untouched. */
import { z } from 'zod';
import { MemgateError } from '../errors.js';
import { readJsonFile, writeJsonFile } from '../util/json-file.js';
import { HISTORY_SCHEMA, type History } from './history.js';

const nightSchema = z.looseObject({
  commit: z.string(),
  date: z.string(),
  scenarios: z.custom<object>((v) => typeof v === 'object' && v !== null),
});

/** What a history file must hold before it is read as one. */
const historyFileSchema = z.looseObject(
  {
    schema: z.literal(HISTORY_SCHEMA, {
      error: (issue) => `schema is ${JSON.stringify(issue.input)}, expected "${HISTORY_SCHEMA}"`,
    }),
    nights: z.array(nightSchema),
  },
  { error: () => `schema is undefined, expected "${HISTORY_SCHEMA}"` },
);

/** The history in `file`, or undefined when there is none yet. */
export async function readHistory(file: string): Promise<History | undefined> {
  const data = await readJsonFile(file, {
    schema: historyFileSchema,
    corrupt: (reason) => new MemgateError('historyCorrupt', { file, reason }),
    optional: true,
    describeIssue: (issue) =>
      issue.path[0] === 'nights' ? '"nights" is not a list of nights' : issue.message,
    asRead: true,
  });
  return data as History | undefined;
}

export async function writeHistory(file: string, history: History): Promise<void> {
  await writeJsonFile(file, history);
}
