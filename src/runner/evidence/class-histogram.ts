/**
 * A class histogram in an evidence step's output: `jcmd PID GC.class_histogram` rows
 * (`  1:  12345  1234567  [B (java.base@17)`) or any plain `name count bytes` table. The largest rows
 * are kept in the record, so reports can compare base and current without the files.
 */
export interface HistogramRow {
  name: string;
  count: number;
  bytes: number;
}

/** Rows kept per histogram (by bytes); growers are found among these. */
export const HISTOGRAM_ROWS_KEPT = 50;
/** A table needs this many rows to count as a histogram rather than stray numbers. */
const MIN_ROWS = 3;

const JCMD_ROW = /^\s*\d+:\s+(\d+)\s+(\d+)\s+(\S.*?)\s*$/;
const PLAIN_ROW = /^\s*(\S+)\s+(\d+)\s+(\d+)\s*$/;

export function parseClassHistogram(text: string): HistogramRow[] | undefined {
  const rows: HistogramRow[] = [];
  for (const line of text.split('\n')) {
    const j = JCMD_ROW.exec(line);
    if (j) {
      rows.push({ name: j[3]!, count: Number(j[1]), bytes: Number(j[2]) });
      continue;
    }
    const p = PLAIN_ROW.exec(line);
    if (p && !/^total$/i.test(p[1]!)) rows.push({ name: p[1]!, count: Number(p[2]), bytes: Number(p[3]) });
  }
  if (rows.length < MIN_ROWS) return undefined;
  return rows.sort((a, b) => b.bytes - a.bytes).slice(0, HISTOGRAM_ROWS_KEPT);
}
