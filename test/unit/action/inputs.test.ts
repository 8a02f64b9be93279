import { describe, expect, it } from 'vitest';
import { getBooleanInput, getEnumListInput, readActionInputs } from '../../../src/action/inputs.js';
import { MemgateError } from '../../../src/errors.js';
import { REPORT_FORMATS } from '../../../src/report/index.js';
import { fakeEnv } from './fake-env.js';

describe('action inputs', () => {
  it('falls back to the action.yml defaults when the runner gives nothing', () => {
    expect(readActionInputs(fakeEnv({}))).toEqual({
      config: 'memgate.yml',
      updateBaseline: false,
      comment: true,
      githubToken: '',
      format: ['md', 'json', 'junit', 'html'],
      strict: false,
    });
  });

  it('reads every input, trims, and leaves empty optional paths out', () => {
    const inputs = readActionInputs(
      fakeEnv({
        config: ' ci/memgate.yml ',
        baseline: '.memgate/main.json',
        'update-baseline': 'TRUE',
        against: 'acme/api:base',
        comment: 'False',
        'github-token': 'ghs_x',
        format: 'json, md ,json',
        strict: 'true',
      }),
    );
    expect(inputs).toEqual({
      config: 'ci/memgate.yml',
      baseline: '.memgate/main.json',
      updateBaseline: true,
      against: 'acme/api:base',
      comment: false,
      githubToken: 'ghs_x',
      format: ['json', 'md'],
      strict: true,
    });
    expect('baseline' in readActionInputs(fakeEnv({ baseline: '  ' }))).toBe(false);
  });

  it('rejects a non-boolean and names the input', () => {
    const read = (): boolean => getBooleanInput(fakeEnv({ strict: 'yes' }), 'strict', false);
    expect(read).toThrow(MemgateError);
    expect(read).toThrow('Action input "strict": "yes" is not a boolean; use true or false');
    try {
      read();
    } catch (e) {
      expect((e as MemgateError).exitCode).toBe(2);
      expect((e as MemgateError).hint).toContain('`strict`');
    }
  });

  it('rejects unknown formats, listing the registry names', () => {
    const read = (): unknown => readActionInputs(fakeEnv({ format: 'md,pdf,xml' }));
    expect(read).toThrow(
      `Action input "format": unknown value "pdf", "xml"; expected some of ${REPORT_FORMATS.join(', ')}`,
    );
  });

  it('gives the fallback for an empty list and keeps the order of first mention', () => {
    expect(getEnumListInput(fakeEnv({ f: ' , ' }), 'f', ['a', 'b'], ['b'])).toEqual(['b']);
    expect(getEnumListInput(fakeEnv({ f: 'b,a,b' }), 'f', ['a', 'b'], [])).toEqual(['b', 'a']);
  });
});
