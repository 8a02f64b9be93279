/**
 * What memgate can do inside a live target besides measuring it: reach another of its ports, run a
 * command in it, signal it, copy files out of it, read how its main process was started. Used for
 * runtime metrics, the runtime ceiling and evidence (README.md#what-grew-and-why); every call is bounded in time.
 */

export interface ExecResult {
  exitCode: number | null;
  timedOut: boolean;
  stderr: string;
}

export interface InsideTarget {
  /** Host URL for a port inside the target (undefined when it is not reachable). */
  urlFor(port: number): Promise<string | undefined>;
  /** Runs argv inside the target with its environment; stdout goes to `stdoutFile` or is returned. */
  exec(argv: string[], timeoutMs: number, stdoutFile?: string): Promise<ExecResult & { stdout: string }>;
  signal(signal: string): Promise<void>;
  /**
   * Copies the files matching `glob` (wildcards in its last segment only, e.g. /tmp/*.heapsnapshot)
   * into destDir; returns the file names copied.
   */
  collect(glob: string, destDir: string, timeoutMs: number): Promise<string[]>;
  /** The main process's argv and environment as started. */
  processInfo(): Promise<{ argv: string[]; env: Record<string, string> }>;
}
