/** What every benchmark returns: a table of rows plus notes, written to bench/results/<name>.json. */
export interface BenchResult {
  name: string;
  rows: Record<string, string | number>[];
  notes: string[];
}
