"""Write blind_split.txt: the held-out question ids (whole product groups).

    python -m inquiries.answering.devdata.split [--languages en de ja]

Run once before tuning; the file is committed and evaluation reads it. Run
again only to add a language whose data did not exist yet (its ids are
appended; existing lines are kept as they are).

    python -m inquiries.answering.devdata.split --second

writes ``blind_split2.txt`` once (refuses to overwrite it): the questions of
``hetpqa_answers_train.tsv`` on the first split's products, which no
training had used (``load_answer_pages(products="blind")``).
"""

from __future__ import annotations

import argparse

from . import BLIND2_FILE, BLIND_FILE, is_blind_group, load_answer_pages, load_english, load_written


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--languages", nargs="+", default=["en"])
    parser.add_argument("--second", action="store_true", help="write blind_split2.txt (once)")
    args = parser.parse_args(argv)
    if args.second:
        return write_second()
    existing = (
        BLIND_FILE.read_text(encoding="utf-8").splitlines()
        if BLIND_FILE.exists()
        else [
            "# Blind split of the answering development data: question ids held out from all tuning.",
            "# Written by `python -m inquiries.answering.devdata.split` (a quarter of the product groups by hash).",
        ]
    )
    known = set(existing)
    added = 0
    for language in args.languages:
        questions = load_english() if language == "en" else load_written(language)
        for q in questions:
            if is_blind_group(q["group"]) and q["id"] not in known:
                existing.append(q["id"])
                added += 1
    BLIND_FILE.write_text("\n".join(existing) + "\n", encoding="utf-8")
    print(f"{added} ids added to {BLIND_FILE}")
    return 0


def write_second() -> int:
    if BLIND2_FILE.exists():
        print(f"{BLIND2_FILE} exists: it is written once, before tuning")
        return 1
    ids = [q["id"] for q in load_answer_pages(products="blind")]
    header = [
        "# Second blind split of the answering development data (written 2026-12-03, before that round's tuning):",
        "# the questions of hetpqa_answers_train.tsv on the products of blind_split.txt, never trained or tuned on.",
        "# Written by `python -m inquiries.answering.devdata.split --second`.",
    ]
    BLIND2_FILE.write_text("\n".join(header + ids) + "\n", encoding="utf-8")
    print(f"{len(ids)} ids written to {BLIND2_FILE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
