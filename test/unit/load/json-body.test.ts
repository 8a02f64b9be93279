import { describe, expect, test } from 'vitest';
import { buildJsonBody, isJsonFill } from '../../../src/runner/load/json-body.js';

describe('buildJsonBody', () => {
  test('a fill becomes the text repeated to the exact size, in valid JSON', () => {
    const body = buildJsonBody({ prompt: { text: 'lorem ipsum ', sizeBytes: 1000 }, model: 'm1', n: 3 });
    const parsed = JSON.parse(body.toString()) as { prompt: string; model: string; n: number };
    expect(parsed.model).toBe('m1');
    expect(parsed.n).toBe(3);
    expect(Buffer.byteLength(parsed.prompt)).toBeLessThanOrEqual(1000);
    expect(Buffer.byteLength(parsed.prompt)).toBeGreaterThanOrEqual(1000 - 12);
    expect(parsed.prompt.startsWith('lorem ipsum lorem ipsum ')).toBe(true);
    expect(parsed.prompt.replaceAll('lorem ipsum ', '')).toBe('lorem ipsum '.slice(0, 1000 % 12));
  });

  test('sizes count encoded bytes: quotes, newlines and control characters are escaped', () => {
    const text = 'say "hi"\n\t\\ \u0001';
    const body = buildJsonBody({ a: { text, sizeBytes: 4096 } });
    const parsed = JSON.parse(body.toString()) as { a: string };
    const encoded = JSON.stringify(parsed.a).length - 2;
    expect(encoded).toBeLessThanOrEqual(4096);
    expect(encoded).toBeGreaterThan(4096 - 6); // never cuts an escape sequence in half
    expect(parsed.a.startsWith(text + text)).toBe(true);
  });

  test('multi-byte UTF-8 text is never cut inside a character', () => {
    const body = buildJsonBody({ t: { text: 'é€😀', sizeBytes: 1001 } });
    const parsed = JSON.parse(body.toString()) as { t: string };
    expect(parsed.t).not.toContain('\uFFFD');
    expect(Buffer.byteLength(parsed.t)).toBeLessThanOrEqual(1001);
    expect(Buffer.byteLength(parsed.t)).toBeGreaterThan(1001 - 4);
  });

  test('a large fill is one Buffer of the requested size without a giant string', () => {
    const sizeBytes = 8 * 1024 * 1024;
    const body = buildJsonBody({ prompt: { text: 'ab', sizeBytes } });
    expect(body.length).toBe('{"prompt":""}'.length + sizeBytes);
    expect(body.subarray(0, 17).toString()).toBe('{"prompt":"ababab');
    expect(body.subarray(body.length - 4).toString()).toBe('ab"}');
  });

  test('nested objects, arrays and plain leaves match JSON.stringify', () => {
    const spec = { a: [1, 'two', { b: true, c: null }], 'key "q"': { d: 'x\ny' } };
    expect(buildJsonBody(spec).toString()).toBe(JSON.stringify(spec));
  });

  test('fills inside arrays and several fills sharing a text', () => {
    const body = buildJsonBody({
      list: [
        { text: 'x', sizeBytes: 3 },
        { text: 'x', sizeBytes: 5 },
      ],
    });
    expect(body.toString()).toBe('{"list":["xxx","xxxxx"]}');
  });

  test('an empty text with a size is rejected with a hint', () => {
    expect(() => buildJsonBody({ p: { text: '', sizeBytes: 10 } })).toThrow(/empty text/);
  });

  test('isJsonFill only accepts exactly { text, sizeBytes }', () => {
    expect(isJsonFill({ text: 'a', sizeBytes: 1 })).toBe(true);
    expect(isJsonFill({ text: 'a', sizeBytes: 1, x: 1 })).toBe(false);
    expect(isJsonFill({ text: 'a' })).toBe(false);
    expect(isJsonFill(['a', 1])).toBe(false);
  });
});
