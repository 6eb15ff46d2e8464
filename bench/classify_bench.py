"""`classify_contacts` on 10,000 contacts (the development set repeated), in a
subprocess as a user runs it: wall time including Django's start-up.

    python bench/classify_bench.py [--contacts 10000]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--contacts", type=int, default=10_000)
    args = parser.parse_args()
    examples = [json.loads(line) for line in (ROOT / "inquiries/classification/dev_set.jsonl").open(encoding="utf-8")]
    work = Path(tempfile.mkdtemp())
    source, target = work / "in.jsonl", work / "out.jsonl"
    with source.open("w", encoding="utf-8") as out:
        for number in range(args.contacts):
            example = examples[number % len(examples)]
            out.write(
                json.dumps(
                    {"id": number, "text": example["text"], "marketplace": example["marketplace"]}, ensure_ascii=False
                )
                + "\n"
            )
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "manage.py", "classify_contacts", str(source), "-o", str(target), "--no-progress"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    elapsed = time.perf_counter() - started
    lines = sum(1 for _ in target.open(encoding="utf-8"))
    print(json.dumps({"contacts": lines, "seconds": round(elapsed, 2), "contacts_per_second": round(lines / elapsed)}))


if __name__ == "__main__":
    main()
