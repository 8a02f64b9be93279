/**
 * A cgroup or /proc file read through an fd held open, with a synchronous positional read at offset 0
 * (docs/design/measurement.md#held-file: ~1.5 us instead of ~300 us for fs.promises.readFile). A read at offset 0
 * regenerates the seq_file content. ENODEV / ENOENT / ESRCH mean the cgroup or process is gone.
 */
import fs from 'node:fs';

const GONE = new Set(['ENODEV', 'ENOENT', 'ESRCH']);
/** PSI disabled (EOPNOTSUPP) reads as "unavailable" too. */
const UNAVAILABLE = new Set([...GONE, 'EOPNOTSUPP', 'EINVAL']);

export function errCode(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException | undefined)?.code;
}

export class HeldFile {
  private fd: number | undefined;

  private constructor(
    readonly path: string,
    fd: number,
    private readonly buf: Buffer,
  ) {
    this.fd = fd;
  }

  /** Opens the file, or returns undefined when it does not exist (an optional or unsupported file). */
  static open(path: string, buf: Buffer): HeldFile | undefined {
    try {
      return new HeldFile(path, fs.openSync(path, 'r'), buf);
    } catch (e) {
      if (UNAVAILABLE.has(errCode(e) ?? '') || errCode(e) === 'EACCES') return undefined;
      throw e;
    }
  }

  /** Raw bytes at offset 0 into the shared buffer; -1 when gone. */
  private readRaw(): number {
    if (this.fd === undefined) return -1;
    try {
      return fs.readSync(this.fd, this.buf, 0, this.buf.length, 0);
    } catch (e) {
      if (UNAVAILABLE.has(errCode(e) ?? '')) return -1;
      throw e;
    }
  }

  /**
   * A single decimal value without allocating a string (the fast loop). undefined when gone or not a
   * plain number (e.g. `max`).
   */
  readNumber(): number | undefined {
    const n = this.readRaw();
    if (n <= 0) return undefined;
    let value = 0;
    let digits = 0;
    for (let i = 0; i < n; i++) {
      const c = this.buf[i]!;
      if (c >= 48 && c <= 57) {
        value = value * 10 + (c - 48);
        digits++;
      } else if (c === 10 || c === 32) {
        break;
      } else {
        return undefined;
      }
    }
    return digits > 0 ? value : undefined;
  }

  /** The whole content as text; undefined when gone. */
  readText(): string | undefined {
    const n = this.readRaw();
    return n < 0 ? undefined : this.buf.toString('latin1', 0, n);
  }

  close(): void {
    if (this.fd === undefined) return;
    try {
      fs.closeSync(this.fd);
    } catch {
      // already closed or gone: nothing to release
    }
    this.fd = undefined;
  }
}

/** Reads a small file once, or undefined when it is missing or unreadable. */
export function readOptional(path: string): string | undefined {
  try {
    return fs.readFileSync(path, 'latin1');
  } catch {
    return undefined;
  }
}
