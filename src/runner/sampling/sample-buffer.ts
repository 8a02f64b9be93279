/** Growable (tMs, usage) columns, so a fast tick stores two doubles and allocates nothing. */
import type { FastSample } from '../run-record.js';

export class FastColumns {
  private t: Float64Array = new Float64Array(1024);
  private u: Float64Array = new Float64Array(1024);
  length = 0;

  push(tMs: number, usageBytes: number): void {
    if (this.length === this.t.length) {
      this.t = grow(this.t);
      this.u = grow(this.u);
    }
    this.t[this.length] = tMs;
    this.u[this.length] = usageBytes;
    this.length++;
  }

  last(): FastSample | undefined {
    const i = this.length - 1;
    return i < 0 ? undefined : { tMs: this.t[i]!, usageBytes: this.u[i]! };
  }

  toSamples(): FastSample[] {
    const out: FastSample[] = new Array<FastSample>(this.length);
    for (let i = 0; i < this.length; i++) out[i] = { tMs: this.t[i]!, usageBytes: this.u[i]! };
    return out;
  }
}

function grow(a: Float64Array): Float64Array {
  const b = new Float64Array(a.length * 2);
  b.set(a);
  return b;
}
