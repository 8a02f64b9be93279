/**
 * Generated JSON request bodies, built straight into one Buffer. A fill (`{ text, sizeBytes }`)
 * becomes a JSON string whose escaped content is `text` repeated up to `sizeBytes` bytes. Going via
 * `JSON.stringify('x'.repeat(n))` would cost about 3x the body in intermediate strings.
 */
import type { JsonFill } from '../../config/plan.js';
import { MemgateError } from '../../errors.js';

/** Escaped text of one repetition unit, plus the byte offsets where a character ends. */
interface FillUnit {
  bytes: Buffer;
  /** Ascending ends of each character's escaped bytes; the last one equals `bytes.length`. */
  charEnds: number[];
}

type Piece = string | { fill: JsonFill };

export function isJsonFill(value: unknown): value is JsonFill {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  const v = value as Record<string, unknown>;
  return keys.length === 2 && typeof v.text === 'string' && typeof v.sizeBytes === 'number';
}

/** Compact JSON of `spec` with every fill expanded, as one Buffer. */
export function buildJsonBody(spec: Record<string, unknown>): Buffer {
  const pieces: Piece[] = [];
  collect(spec, pieces);
  const units = new Map<string, FillUnit>();
  let totalBytes = 0;
  for (const piece of pieces) {
    if (typeof piece === 'string') totalBytes += Buffer.byteLength(piece);
    else totalBytes += fillLength(unitFor(piece.fill.text, units), piece.fill.sizeBytes) + 2;
  }
  const body = Buffer.allocUnsafe(totalBytes);
  let offset = 0;
  for (const piece of pieces) {
    if (typeof piece === 'string') {
      offset += body.write(piece, offset);
      continue;
    }
    const unit = unitFor(piece.fill.text, units);
    offset += body.write('"', offset);
    offset += writeFill(body, offset, unit, fillLength(unit, piece.fill.sizeBytes));
    offset += body.write('"', offset);
  }
  return body;
}

/** Walks the spec into small JSON text pieces and fills, merging adjacent text. */
function collect(value: unknown, pieces: Piece[]): void {
  const text = (s: string): void => {
    const last = pieces.length - 1;
    if (typeof pieces[last] === 'string') pieces[last] = pieces[last] + s;
    else pieces.push(s);
  };
  if (isJsonFill(value)) {
    validateFill(value);
    pieces.push({ fill: value });
  } else if (Array.isArray(value)) {
    text('[');
    value.forEach((item, i) => {
      if (i > 0) text(',');
      collect(item, pieces);
    });
    text(']');
  } else if (typeof value === 'object' && value !== null) {
    text('{');
    Object.entries(value).forEach(([key, item], i) => {
      text(`${i > 0 ? ',' : ''}${JSON.stringify(key)}:`);
      collect(item, pieces);
    });
    text('}');
  } else {
    // Leaves: strings, numbers, booleans, null. Anything else (undefined, functions) is null, as JSON has no such value.
    text(JSON.stringify(value) ?? 'null');
  }
}

function validateFill(fill: JsonFill): void {
  if (!Number.isFinite(fill.sizeBytes) || fill.sizeBytes < 0) {
    throw new MemgateError('loadSpec', {
      generator: 'http',
      reason: `json fill size ${fill.sizeBytes} is not a size`,
    });
  }
  if (fill.text === '' && fill.sizeBytes > 0) {
    throw new MemgateError('loadSpec', {
      generator: 'http',
      reason: 'json fill has an empty text',
      hint: 'Give the fill a non-empty `text` to repeat.',
    });
  }
}

function unitFor(text: string, cache: Map<string, FillUnit>): FillUnit {
  const known = cache.get(text);
  if (known !== undefined) return known;
  const charEnds: number[] = [];
  let end = 0;
  // for..of walks code points (or lone surrogates, which JSON.stringify escapes as \udxxx).
  for (const ch of text) {
    end += Buffer.byteLength(JSON.stringify(ch).slice(1, -1));
    charEnds.push(end);
  }
  const unit = { bytes: Buffer.from(JSON.stringify(text).slice(1, -1)), charEnds };
  cache.set(text, unit);
  return unit;
}

/** Bytes of escaped content for a fill: `sizeBytes`, or a few less so no character is cut. */
export function fillLength(unit: FillUnit, sizeBytes: number): number {
  const unitBytes = unit.bytes.length;
  if (unitBytes === 0) return 0;
  const whole = Math.floor(sizeBytes / unitBytes) * unitBytes;
  const rest = sizeBytes - whole;
  let partial = 0;
  for (const charEnd of unit.charEnds) {
    if (charEnd > rest) break;
    partial = charEnd;
  }
  return whole + partial;
}

/** Writes `length` bytes of repeated unit at `offset` by doubling copies; returns `length`. */
function writeFill(body: Buffer, offset: number, unit: FillUnit, length: number): number {
  if (length === 0) return 0;
  const firstBytes = Math.min(unit.bytes.length, length);
  unit.bytes.copy(body, offset, 0, firstBytes);
  let written = firstBytes;
  while (written < length) {
    // Copy only whole units so the pattern stays aligned; the cut at the end is already on a char boundary.
    const chunk = Math.min(written, length - written);
    body.copy(body, offset + written, offset, offset + chunk);
    written += chunk;
  }
  return length;
}
