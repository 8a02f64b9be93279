import { describe, expect, expectTypeOf, it } from 'vitest';
import { definedOnly } from '../../../src/util/defined-only.js';

describe('definedOnly', () => {
  it('drops the keys whose value is undefined and keeps the rest in order', () => {
    const port: number | undefined = undefined;
    const out = definedOnly({ name: 'api', port, cpus: 2, memory: 0, flag: false, note: null });
    expect(out).toEqual({ name: 'api', cpus: 2, memory: 0, flag: false, note: null });
    expect(Object.keys(out)).toEqual(['name', 'cpus', 'memory', 'flag', 'note']);
    expect('port' in out).toBe(false);
  });

  it('keeps a defined value of an optional key', () => {
    const cpus = [1.5][0];
    expect(definedOnly({ cpus })).toEqual({ cpus: 1.5 });
  });

  it('types an undefined-able key as optional without undefined, for exactOptionalPropertyTypes', () => {
    const out = definedOnly({ name: 'x', port: undefined as number | undefined });
    expectTypeOf(out).toEqualTypeOf<{ name: string } & { port?: number }>();
    const target: { name: string; port?: number } = out;
    expect(target).toEqual({ name: 'x' });
  });
});
