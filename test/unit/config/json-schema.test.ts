import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JSON_SCHEMA_COMMAND, JSON_SCHEMA_PATH, renderJsonSchema } from '../../../src/config/json-schema.js';

const ROOT = join(import.meta.dirname, '../../..');

describe('schema/memgate.schema.json', () => {
  it('matches the zod schema (regenerate with the command in the message)', () => {
    const committed: unknown = JSON.parse(readFileSync(join(ROOT, JSON_SCHEMA_PATH), 'utf8'));
    const generated: unknown = JSON.parse(renderJsonSchema());
    expect(
      committed,
      `${JSON_SCHEMA_PATH} is stale: run \`${JSON_SCHEMA_COMMAND}\` and commit the result`,
    ).toEqual(generated);
  });

  it('is draft-07, strict about keys, and requires version, target and scenarios', () => {
    const schema = JSON.parse(renderJsonSchema()) as Record<string, unknown>;
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(['version', 'target', 'scenarios']);
    const target = (schema.properties as Record<string, { properties: Record<string, unknown> }>).target;
    expect(Object.keys(target?.properties ?? {})).toEqual(
      expect.arrayContaining(['image', 'build', 'process', 'compose']),
    );
  });
});
