/** The JSON the v2 guest plan (test/v2/guest/plan.ts) writes and the host suite reads. */
import type { DoctorReport } from '../../src/doctor/doctor.js';
import type {
  OomEvidence,
  PhaseMark,
  RunEvent,
  SourceInfo,
  StatSample,
} from '../../src/runner/run-record.js';

export type V2Driver = 'process' | 'docker';

/** Starts each result line on the guest's console: `<marker> <part key> <JSON>`. */
export const V2_MARKER = '@@MEMGATE-V2@@';
export type V2PartKey = 'meta' | 'doctor' | 'trees' | 'case' | 'gate' | 'errors' | 'done';

export type V2Stat = Pick<
  StatSample,
  | 'tMs'
  | 'usageBytes'
  | 'anonBytes'
  | 'fileBytes'
  | 'workingSetBytes'
  | 'nonReclaimableBytes'
  | 'peakBytes'
  | 'limitBytes'
  | 'events'
  | 'psi'
>;

export type V2CaseResult =
  | { driver: V2Driver; name: string; wallMs: number; error: string }
  | {
      driver: V2Driver;
      name: string;
      wallMs: number;
      error?: undefined;
      valid: boolean;
      warnings: string[];
      source: SourceInfo;
      stats: V2Stat[];
      fastMaxUsageBytes: number;
      oom: Omit<OomEvidence, 'memoryStat' | 'lastSample'>;
      phases: PhaseMark[];
      events: Pick<RunEvent, 'kind' | 'detail'>[];
      logTail: string[];
    };

export interface V2GateSide {
  args: string[];
  exitCode: number | null;
  stdout: string;
  stderr: string;
  wallMs: number;
}

export interface V2Result {
  kernel: string;
  cpus: number;
  dockerInfo: string;
  doctor?: { report: DoctorReport; text: string; cliText: string; cliExitCode: number | null } | undefined;
  trees?:
    | {
        rootNames: string[];
        root: Record<string, string>;
        steady: Record<string, string>;
        afterOom: Record<string, string>;
        afterOomExit: number | null;
        parent: Record<string, string>;
        procSelfCgroup: string;
        mountinfo: string;
      }
    | undefined;
  cases: V2CaseResult[];
  gate?:
    { base: V2GateSide; accept: V2GateSide; aa: V2GateSide; leak: V2GateSide; source: unknown } | undefined;
  /** Guest wall time per step; absent when the plan did not finish. */
  stepsMs?: Record<string, number> | undefined;
  errors?: string[] | undefined;
}
