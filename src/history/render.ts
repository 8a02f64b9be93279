/** One entry point for every history format. */
import type { HistoryAnalysis } from './analyse-history.js';
import { renderHistoryHtml } from './render-html.js';
import { renderHistoryJunit } from './render-junit.js';
import { renderHistoryMd } from './render-md.js';
import { renderHistoryTerminal } from './render-terminal.js';

export const HISTORY_FORMATS = ['terminal', 'md', 'html', 'json', 'junit'] as const;
export type HistoryFormat = (typeof HISTORY_FORMATS)[number];

export function isHistoryFormat(value: string): value is HistoryFormat {
  return (HISTORY_FORMATS as readonly string[]).includes(value);
}

export function renderHistory(analysis: HistoryAnalysis, format: HistoryFormat): string {
  switch (format) {
    case 'terminal':
      return renderHistoryTerminal(analysis);
    case 'md':
      return renderHistoryMd(analysis);
    case 'html':
      return renderHistoryHtml(analysis);
    case 'junit':
      return renderHistoryJunit(analysis);
    case 'json':
      return `${JSON.stringify({ schema: 'memgate/history-analysis@1', ...analysis }, null, 2)}\n`;
  }
}
