import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/** The GitHub Marketplace refuses an action whose description is longer than this. */
const MARKETPLACE_DESCRIPTION_MAX_CHARS = 125;

interface ActionYml {
  name?: unknown;
  description?: unknown;
  runs?: { using?: unknown; main?: unknown };
}

const actionYml = parse(
  readFileSync(resolve(import.meta.dirname, '../../../action.yml'), 'utf8'),
) as ActionYml;

describe('action.yml', () => {
  it('has a description the Marketplace accepts (one line, at most 125 characters)', () => {
    expect(typeof actionYml.description).toBe('string');
    const description = actionYml.description as string;
    expect(description.length).toBeGreaterThan(0);
    expect(description.length).toBeLessThanOrEqual(MARKETPLACE_DESCRIPTION_MAX_CHARS);
    expect(description).not.toContain('\n');
  });

  it('runs the bundled entry on a node runtime', () => {
    expect(actionYml.runs).toEqual({ using: 'node24', main: 'dist/action.js' });
  });
});
