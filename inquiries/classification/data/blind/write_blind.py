"""Writes blind.jsonl from the hand-written lines of this folder: slots filled
with values of their own (order numbers, names, amounts, products that the
training generator does not use) and a light touch of greeting/sign-off.

    python -m inquiries.classification.data.blind.write_blind

Written and committed before the training data; never used for tuning."""

from __future__ import annotations

import json
import random
from pathlib import Path

from .lines_de_ja import DE, JA
from .lines_en import EN

HERE = Path(__file__).parent
SEED = 20261204

SLOTS = {
    "en": {
        "order": ["#A7731", "114-2290183-5520967", "order no. 55120", "W-88123", "#009341", "702-4418822-1033457"],
        "name": ["Priya", "Tom Baker", "Mrs. Okafor", "Luis", "Hannah W.", "Dev"],
        "amt": ["$23.40", "£18", "49.99 USD", "$112", "£7.50", "$260"],
        "item": ["air fryer", "yoga mat", "kettle", "phone case", "desk lamp", "backpack", "headphones"],
        "open": ["", "", "", "Hello, ", "Hi there. ", "hey ", "Good morning, "],
        "close": ["", "", "", " Thanks.", " thx", " Regards, {name}", " Cheers"],
    },
    "de": {
        "order": ["302-5567120-9981234", "Nr. 44812", "#B2290", "028-7710034-6612093"],
        "name": ["Jürgen", "Frau Aydin", "Lena K.", "Stefan"],
        "amt": ["12,90 €", "49 €", "EUR 23,50", "8,99 Euro"],
        "item": ["Wasserkocher", "Rucksack", "Staubsauger", "Bettlaken", "Kopfhörer"],
        "open": ["", "", "Hallo, ", "Guten Tag, ", "Moin! "],
        "close": ["", "", " Danke", " LG {name}", " Mit freundlichen Grüßen"],
    },
    "ja": {
        "order": ["503-2208816-4471120", "#C7781", "250-9911002-3345671"],
        "name": ["佐藤", "たなか", "山本", "鈴木花子"],
        "amt": ["3,980円", "1200円", "¥5,500", "980円"],
        "item": ["炊飯器", "加湿器", "スニーカー", "電気ケトル", "マグカップ"],
        "open": ["", "", "お世話になっております。", "すみません、"],
        "close": ["", "", "よろしくお願いします。", "至急お願いします"],
    },
}
MARKETPLACES = {"en": ["US", "US", "UK"], "de": ["DE"], "ja": ["JP"]}


def _fill(text: str, slots: dict, rng: random.Random) -> str:
    for name in ("order", "name", "amt", "item"):
        while "{" + name + "}" in text:
            text = text.replace("{" + name + "}", rng.choice(slots[name]), 1)
    return text


def write(path: Path = HERE / "blind.jsonl") -> int:
    rng = random.Random(SEED)
    rows = []
    for language, table in (("en", EN), ("de", DE), ("ja", JA)):
        slots = SLOTS[language]
        for reason, lines in table.items():
            for number, line in enumerate(lines, 1):
                text = _fill(line, slots, rng)
                if rng.random() < 0.3:
                    text = _fill(rng.choice(slots["open"]) + text + rng.choice(slots["close"]), slots, rng).strip()
                rows.append(
                    {
                        "id": f"blind-{language}-{reason}-{number:02d}",
                        "text": text,
                        "marketplace": rng.choice(MARKETPLACES[language]),
                        "language": language,
                        "reason": reason,
                    }
                )
    with path.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return len(rows)


if __name__ == "__main__":
    print(write(), "contacts written")
