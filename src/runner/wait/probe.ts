/** The contract of one readiness strategy (http.ts, tcp.ts, log.ts); wait.ts polls it. */
/** One attempt: ok, or what was seen instead (e.g. "ECONNREFUSED", "status 503"). */
export type ProbeResult = { ok: true } | { ok: false; last: string };

export interface Probe {
  /** Human description of what is awaited, for the timeout message. */
  readonly awaited: string;
  attempt(signal: AbortSignal): Promise<ProbeResult>;
}
