/**
 * Typed getters over the Action's raw inputs, and the one typed ActionInputs they build. Every error
 * names the input (MemgateError 'actionInput', exit class 2). After this point nothing re-reads inputs.
 */
import { MemgateError } from '../errors.js';
import { REPORT_FORMATS, type ReportFormat } from '../report/index.js';
import type { ActionsEnv } from './actions-env.js';

type InputSource = Pick<ActionsEnv, 'getInput'>;

export interface ActionInputs {
  config: string;
  baseline?: string;
  updateBaseline: boolean;
  against?: string;
  comment: boolean;
  githubToken: string;
  format: ReportFormat[];
  strict: boolean;
}

/** Defaults match action.yml, for runs where the runner did not supply them (local runs, tests). */
export const INPUT_DEFAULTS = {
  config: 'memgate.yml',
  format: ['md', 'json', 'junit', 'html'] as ReportFormat[],
} as const;

export function readActionInputs(env: InputSource): ActionInputs {
  const baseline = getStringInput(env, 'baseline');
  const against = getStringInput(env, 'against');
  return {
    config: getStringInput(env, 'config') || INPUT_DEFAULTS.config,
    ...(baseline === '' ? {} : { baseline }),
    updateBaseline: getBooleanInput(env, 'update-baseline', false),
    ...(against === '' ? {} : { against }),
    comment: getBooleanInput(env, 'comment', true),
    githubToken: getStringInput(env, 'github-token'),
    format: getEnumListInput(env, 'format', REPORT_FORMATS, INPUT_DEFAULTS.format),
    strict: getBooleanInput(env, 'strict', false),
  };
}

export function getStringInput(env: InputSource, name: string): string {
  return env.getInput(name).trim();
}

const TRUE = ['true', 'True', 'TRUE'];
const FALSE = ['false', 'False', 'FALSE'];

/** The YAML 1.2 core-schema booleans, like @actions/core's getBooleanInput; '' gives `fallback`. */
export function getBooleanInput(env: InputSource, name: string, fallback: boolean): boolean {
  const value = getStringInput(env, name);
  if (value === '') return fallback;
  if (TRUE.includes(value)) return true;
  if (FALSE.includes(value)) return false;
  throw inputError(name, `"${value}" is not a boolean; use true or false`);
}

/** A comma-separated list whose items must come from `allowed`; '' gives `fallback`. */
export function getEnumListInput<T extends string>(
  env: InputSource,
  name: string,
  allowed: readonly T[],
  fallback: readonly T[],
): T[] {
  const items = getStringInput(env, name)
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (items.length === 0) return [...fallback];
  const unknown = items.filter((s) => !(allowed as readonly string[]).includes(s));
  if (unknown.length > 0) {
    throw inputError(
      name,
      `unknown value ${unknown.map((u) => `"${u}"`).join(', ')}; expected some of ${allowed.join(', ')}`,
    );
  }
  return [...new Set(items as T[])];
}

function inputError(input: string, message: string): MemgateError {
  return new MemgateError('actionInput', { input, message });
}
