/**
 * One error type for everything memgate reports to a user. Each error has a catalog code, a message
 * that says what and where, a hint that says what to do, and an exit code class (README.md#commands).
 */
import { MESSAGES, type ArgValue, type MessageArgs, type MessageCode } from './messages.js';

/** 2 = usage or config error, 3 = infrastructure error. 1 is reserved for regressions (a verdict). */
export type ErrorExitCode = 2 | 3;

export class MemgateError<C extends MessageCode = MessageCode> extends Error {
  readonly code: C;
  readonly hint: string;
  readonly exitCode: ErrorExitCode;
  /** Extra evidence worth printing (container log tail, file excerpt). */
  readonly details: string[];
  /** The catalog arguments (e.g. file, line, column, path for config errors), for annotations. */
  readonly args: Readonly<Record<string, ArgValue>>;

  constructor(code: C, args: MessageArgs<C>, options?: { cause?: unknown; details?: string[] }) {
    // One entry, read with the arguments its code names (TypeScript cannot narrow MESSAGES[code] by C).
    const entry = MESSAGES[code] as {
      exitCode: ErrorExitCode;
      message(a: MessageArgs<C>): string;
      hint(a: MessageArgs<C>): string;
    };
    super(entry.message(args), options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'MemgateError';
    this.code = code;
    this.hint = entry.hint(args);
    this.exitCode = entry.exitCode;
    this.details = options?.details ?? [];
    this.args = args;
  }
}

export function isMemgateError(e: unknown): e is MemgateError {
  return e instanceof MemgateError;
}

/** Text of an unknown thrown value, for messages. */
export function errorText(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}
