/** What the CLI needs from the outside world; tests pass a fake that records output. */
export interface Io {
  argv: string[];
  env: Record<string, string | undefined>;
  cwd: string;
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown };
  /** Aborted on SIGINT/SIGTERM by the entry point (the signal's name), or with a CrashAbort. */
  signal: AbortSignal;
}

/** The abort reason when memgate itself crashed where no caller could catch it (not a signal). */
export class CrashAbort {
  constructor(readonly error: unknown) {}
}
