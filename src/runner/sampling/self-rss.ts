/** memgate's own resident set, cheap (no /proc read): recorded every slow tick for the self budget. */
export function readSelfRssBytes(): number {
  return process.memoryUsage.rss();
}
