/**
 * Prometheus text exposition -> flat samples, through parse-prometheus-text-format. That parser drops
 * the labels and the `_count`/`_sum` of a labelled histogram, so histogram and summary families are
 * declared untyped before parsing: each of their lines then comes back as its own sample, labels kept
 * (`x_count{kind="major"}`), which is all memgate needs from them.
 */
import parsePrometheusTextFormat from 'parse-prometheus-text-format';

export interface MetricSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const COMPOSITE_TYPE = /^(#\s*TYPE\s+\S+\s+)(histogram|summary)\s*$/gim;

interface ParsedFamily {
  name: string;
  type: string;
  metrics: { value?: string; labels?: Record<string, string> }[];
}

export function parseExposition(text: string): MetricSample[] {
  const families: ParsedFamily[] = parsePrometheusTextFormat(text.replace(COMPOSITE_TYPE, '$1untyped'));
  const out: MetricSample[] = [];
  for (const f of families) {
    for (const m of f.metrics) {
      if (m.value === undefined) continue;
      const value = Number(m.value);
      if (!Number.isFinite(value)) continue;
      out.push({ name: f.name, labels: m.labels ?? {}, value });
    }
  }
  return out;
}
