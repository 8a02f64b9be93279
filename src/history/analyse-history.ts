/** Per scenario and metric: the nightly series, its change points and the commits that may have caused them. */
import { detectChangePoints, type ChangePoint, type ChangePointOptions } from './change-points.js';
import { HISTORY_METRICS, type History, type HistoryMetric } from './history.js';

export interface HistoryChangePoint extends ChangePoint {
  /** Night of the change (the first night at the new level), index into the history's nights. */
  night: number;
  /** The last commit before the change and the first commit after it. */
  commits: { from: string; to: string };
  date: string;
  /**
   * True when this change point appeared with the latest night (absent, within 2 nights, from the
   * analysis without it). A change needs 3 nights after it to be found, so it is reported about 3
   * nights late, once.
   */
  fresh: boolean;
}

export interface MetricTrend {
  metric: HistoryMetric;
  /** Night index of each value (nights where the scenario or metric was missing are skipped). */
  nights: number[];
  values: number[];
  changePoints: HistoryChangePoint[];
}

export interface ScenarioTrend {
  scenario: string;
  metrics: MetricTrend[];
}

export interface HistoryAnalysis {
  nights: number;
  /** Commit and date of the latest night, when there is one. */
  latest?: { commit: string; date: string };
  scenarios: ScenarioTrend[];
}

/** Two change points are at least 3 nights apart (minimum segment), so within 2 nights is the same one, moved. */
export const SAME_CHANGE_NIGHTS = 2;

export function analyseHistory(history: History, opts: Partial<ChangePointOptions> = {}): HistoryAnalysis {
  const names = [...new Set(history.nights.flatMap((n) => Object.keys(n.scenarios)))].sort();
  const last = history.nights[history.nights.length - 1];
  return {
    nights: history.nights.length,
    ...(last === undefined ? {} : { latest: { commit: last.commit, date: last.date } }),
    scenarios: names.map((scenario) => ({
      scenario,
      metrics: HISTORY_METRICS.flatMap((metric) => {
        const trend = metricTrend(history, scenario, metric, opts);
        return trend.values.length === 0 ? [] : [trend];
      }),
    })),
  };
}

function metricTrend(
  history: History,
  scenario: string,
  metric: HistoryMetric,
  opts: Partial<ChangePointOptions>,
): MetricTrend {
  const nights: number[] = [];
  const values: number[] = [];
  history.nights.forEach((n, i) => {
    const v = n.scenarios[scenario]?.[metric];
    if (typeof v === 'number' && Number.isFinite(v)) {
      nights.push(i);
      values.push(v);
    }
  });
  const lastNight = history.nights.length - 1;
  const before =
    nights[nights.length - 1] === lastNight
      ? detectChangePoints(values.slice(0, -1), opts).map((cp) => nights[cp.index]!)
      : undefined;
  const changePoints = detectChangePoints(values, opts).map((cp) => {
    const night = nights[cp.index]!;
    const prev = nights[cp.index - 1]!;
    return {
      ...cp,
      night,
      commits: { from: history.nights[prev]!.commit, to: history.nights[night]!.commit },
      date: history.nights[night]!.date,
      fresh: before !== undefined && !before.some((n) => Math.abs(n - night) <= SAME_CHANGE_NIGHTS),
    };
  });
  return { metric, nights, values, changePoints };
}

export interface LocatedChangePoint {
  scenario: string;
  metric: HistoryMetric;
  cp: HistoryChangePoint;
}

/** Every change point of the analysis, with its scenario and metric. */
export function allChangePoints(analysis: HistoryAnalysis): LocatedChangePoint[] {
  return analysis.scenarios.flatMap((s) =>
    s.metrics.flatMap((m) => m.changePoints.map((cp) => ({ scenario: s.scenario, metric: m.metric, cp }))),
  );
}
