/** Progress sink: the runner reports what it is doing; the CLI decides how to show it. */
import type { PhaseKind } from '../config/plan.js';

export type ProgressEvent =
  | { kind: 'run-start'; scenario: string; run: number; runs: number; side: 'current' | 'base' }
  | { kind: 'phase'; scenario: string; phase: PhaseKind; index: number; durationMs: number | undefined }
  | {
      kind: 'tick';
      scenario: string;
      phase: PhaseKind;
      elapsedMs: number;
      usageBytes: number;
      requests: number;
    }
  | { kind: 'run-end'; scenario: string; run: number; valid: boolean; oom: string }
  | { kind: 'note'; text: string };

export interface Progress {
  emit(event: ProgressEvent): void;
}

export const silentProgress: Progress = { emit: () => undefined };
