"""An ETL-style batch job: reads ROWS records of 1 KiB and writes one digest and per-key counts.

MODE=stream handles one record at a time (memory stays flat whatever ROWS is);
MODE=materialize reads the whole input into a list first (memory grows with ROWS): the regression.
FAIL_AFTER=N makes it fail like a real job does (a bad record), to show a non-zero exit.
"""

import hashlib
import os
import sys

ROWS = int(os.environ.get("ROWS", "100000"))
MODE = os.environ.get("MODE", "stream")
FAIL_AFTER = int(os.environ.get("FAIL_AFTER", "0"))
RECORD_BYTES = 1024


def read_input():
    """The input source: a generator, as a file or a database cursor would be."""
    for i in range(ROWS):
        if FAIL_AFTER and i == FAIL_AFTER:
            raise ValueError(f"record {i}: malformed input (no delimiter)")
        yield (b"%015d," % i) * (RECORD_BYTES // 16)


def main():
    records = read_input()
    if MODE == "materialize":
        records = list(records)
    digest = hashlib.sha256()
    total = 0
    for record in records:
        digest.update(record)
        fields = record.split(b",")
        total += sum(int(f) for f in fields[:-1]) % 1000
    print(f"mode={MODE} rows={ROWS} total={total} sha256={digest.hexdigest()[:16]}", flush=True)


if __name__ == "__main__":
    try:
        main()
    except ValueError as e:
        print(f"job failed: {e}", file=sys.stderr, flush=True)
        sys.exit(3)
