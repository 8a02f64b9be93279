/**
 * The nightly tracking issue: one open issue, found by a hidden marker, that lists the change points
 * of the nightly history. Written only when a change point is new: with no open issue, one that
 * appeared with tonight's night; with an open issue, one its body does not mention yet. Nothing new,
 * no API write. The GitHub calls sit behind TrackingIssueApi (production: tracking-issue-octokit.ts).
 */
import {
  allChangePoints,
  SAME_CHANGE_NIGHTS,
  type HistoryAnalysis,
  type LocatedChangePoint,
} from './analyse-history.js';
import { commitRange, describeChange, METRIC_LABEL } from './render-common.js';
import { renderHistoryMd } from './render-md.js';

export const NIGHTLY_MARKER = '<!-- memgate-nightly -->';
export const TRACKING_ISSUE_TITLE = 'memgate: memory change points in the nightly soak';

export interface TrackedIssue {
  number: number;
  body: string;
}

export interface TrackingIssueApi {
  /** The first open issue (not pull request) whose body contains `marker`, searching all pages. */
  findOpen(marker: string): Promise<TrackedIssue | undefined>;
  create(title: string, body: string): Promise<TrackedIssue>;
  update(issueNumber: number, body: string): Promise<TrackedIssue>;
}

export type TrackingResult =
  | { status: 'created' | 'updated'; issueNumber: number; newChangePoints: LocatedChangePoint[] }
  | { status: 'unchanged'; issueNumber?: number };

export async function syncTrackingIssue(
  api: TrackingIssueApi,
  analysis: HistoryAnalysis,
): Promise<TrackingResult> {
  const all = allChangePoints(analysis);
  const existing = await api.findOpen(NIGHTLY_MARKER);
  const fresh = existing ? all.filter((c) => !mentions(existing.body, c)) : all.filter((c) => c.cp.fresh);
  if (fresh.length === 0)
    return existing ? { status: 'unchanged', issueNumber: existing.number } : { status: 'unchanged' };
  const body = issueBody(analysis, fresh);
  if (existing) {
    const updated = await api.update(existing.number, body);
    return { status: 'updated', issueNumber: updated.number, newChangePoints: fresh };
  }
  const created = await api.create(TRACKING_ISSUE_TITLE, body);
  return { status: 'created', issueNumber: created.number, newChangePoints: fresh };
}

export function issueBody(analysis: HistoryAnalysis, fresh: LocatedChangePoint[]): string {
  const lines = [
    NIGHTLY_MARKER,
    `**New change point${fresh.length === 1 ? '' : 's'}** (as of ${analysis.latest?.date ?? 'the latest night'}):`,
    '',
    ...fresh.map(
      ({ scenario, metric, cp }) =>
        `- ${scenario.replace(/[`<>|\r\n]/g, '_')} ${METRIC_LABEL[metric]}: ${describeChange(metric, cp)} at night ${cp.night + 1}, commits \`${commitRange(cp).replace(/`/g, '')}\``,
    ),
    '',
    'Look at the commits in each range; close this issue once the change is fixed or accepted (a new one opens at the next change).',
    '',
    renderHistoryMd(analysis),
  ];
  return lines.join('\n');
}

/** Whether `body` carries the hidden key of this change point (or of the same one moved by a night or two). */
function mentions(body: string, { scenario, metric, cp }: LocatedChangePoint): boolean {
  const keys = body.matchAll(/<!-- memgate-cp (\S+) (\S+) (\d+) -->/g);
  for (const [, s, m, n] of keys) {
    if (
      s === encodeURIComponent(scenario) &&
      m === metric &&
      Math.abs(Number(n) - cp.night) <= SAME_CHANGE_NIGHTS
    )
      return true;
  }
  return false;
}
