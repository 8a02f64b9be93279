/** `expect_status`: `200`, `"200-399"`, `"2xx"`, or a list of those, as inclusive status ranges. */

export type StatusRanges = [number, number][];

const MIN_STATUS = 100;
const MAX_STATUS = 599;

export function parseStatusRanges(
  input: number | string | (number | string)[],
): { ok: true; value: StatusRanges } | { ok: false; error: string } {
  const out: StatusRanges = [];
  for (const item of Array.isArray(input) ? input : [input]) {
    const range = parseOne(item);
    if (range === undefined)
      return {
        ok: false,
        error: `expected a status like 200, "200-399" or "2xx", or a list of them, got ${JSON.stringify(item)}`,
      };
    out.push(range);
  }
  return { ok: true, value: out };
}

function parseOne(item: number | string): [number, number] | undefined {
  const text = String(item).trim();
  const family = /^([1-5])xx$/i.exec(text);
  if (family) return [Number(family[1]) * 100, Number(family[1]) * 100 + 99];
  const m = /^(\d{3})(?:\s*-\s*(\d{3}))?$/.exec(text);
  if (!m) return undefined;
  const lo = Number(m[1]);
  const hi = m[2] === undefined ? lo : Number(m[2]);
  return lo >= MIN_STATUS && hi <= MAX_STATUS && lo <= hi ? [lo, hi] : undefined;
}
