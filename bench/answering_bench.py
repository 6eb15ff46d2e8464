"""Answering: index build for a large synthetic catalog, answer latency, and
answer_questions throughput.

    python bench/answering_bench.py [--products 100000] [--questions 1000] [--batch-lines 1000]

1. Writes N synthetic products (60 % English, 25 % German, 15 % Japanese
   pages of 12-20 passages) to a fresh SQLite database, then runs
   ``manage.py rebuild_answer_index --no-embed`` in a child process: wall
   time and the child's peak memory (the catalog build's budget: 2 min, 2 GiB).
2. Embeds the passages of a sample of English products (what the index does
   for every English product when embeddings are on), loads the model, then
   times ``answer_for_product`` warm on that catalog: p50/p95 per language.
3. Times ``answer_questions`` over a JSONL file of pages and questions.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

EN_NOUNS = (
    "bottle lid strap case cable charger battery lamp mat towel pan knife blender kettle chair desk shelf "
    "backpack jacket shoe sock glove helmet tent stove grill speaker headphone keyboard mouse monitor stand "
    "holder hook brush comb mirror clock watch ring bracelet puzzle doll robot car train drone ball"
).split()
EN_ADJ = (
    "waterproof durable lightweight portable foldable adjustable stainless wireless rechargeable ergonomic "
    "compact heavy soft warm breathable organic washable insulated magnetic transparent silent"
).split()
EN_MAT = "steel aluminium cotton wool leather plastic bamboo glass ceramic silicone oak rubber nylon polyester".split()
EN_COLORS = "black white red blue green grey navy pink beige brown silver gold".split()
EN_VERBS = (
    "keeps fits holds supports protects charges cleans cools heats folds stores connects lights measures"
).split()
DE_NOUNS = (
    "Flasche Deckel Gurt Tasche Kabel Ladegerät Akku Lampe Matte Handtuch Pfanne Messer Mixer Wasserkocher "
    "Stuhl Schreibtisch Regal Rucksack Jacke Schuh Socke Handschuh Helm Zelt Kocher Lautsprecher Kopfhörer "
    "Tastatur Maus Bildschirm Halterung Haken Bürste Spiegel Uhr Puzzle Puppe Spülmaschine Akkulaufzeit "
    "Edelstahlflasche Ladekabel Trinkflasche"
).split()
DE_ADJ = (
    "wasserdicht robust leicht tragbar faltbar verstellbar kabellos wiederaufladbar kompakt weich warm "
    "atmungsaktiv waschbar isoliert magnetisch leise spülmaschinenfest rutschfest"
).split()
DE_COLORS = "Schwarz Weiß Rot Blau Grün Grau Dunkelblau Rosa Beige Braun Silber".split()
JA_NOUNS = (
    "水筒 フタ ストラップ ケース ケーブル 充電器 バッテリー ランプ マット タオル フライパン 包丁 ミキサー "
    "ケトル 椅子 机 棚 リュック ジャケット 靴 靴下 手袋 ヘルメット テント スピーカー ヘッドホン キーボード "
    "マウス モニター スタンド"
).split()
JA_ADJ = "防水 軽量 折りたたみ 調節可能 ステンレス ワイヤレス 充電式 コンパクト 柔らかい 保温 保冷 食洗機対応".split()
JA_COLORS = "ブラック ホワイト レッド ブルー グリーン グレー ネイビー ピンク".split()


def english_page(r: random.Random, n: int) -> dict:
    noun = r.choice(EN_NOUNS)
    title = f"{r.choice(EN_ADJ).title()} {r.choice(EN_MAT).title()} {noun.title()} {r.randint(1, 99)} cm"
    bullets = [
        f"{r.choice(EN_ADJ).title()} {noun} that {r.choice(EN_VERBS)} your {r.choice(EN_NOUNS)} for "
        f"{r.randint(2, 48)} hours"
        for _ in range(r.randint(3, 5))
    ]
    description = " ".join(
        f"The {r.choice(EN_ADJ)} {r.choice(EN_NOUNS)} {r.choice(EN_VERBS)} the "
        f"{r.choice(EN_NOUNS)} and is made of {r.choice(EN_MAT)}."
        for _ in range(r.randint(3, 6))
    )
    attributes = {
        "color": r.choice(EN_COLORS),
        "material": r.choice(EN_MAT),
        "weight": {"value": r.randint(50, 5000), "unit": "g"},
        "item_dimensions": {
            "length": {"value": r.randint(5, 200), "unit": "cm"},
            "width": {"value": r.randint(5, 200), "unit": "cm"},
        },
        "warranty": f"{r.randint(1, 5)} years",
        "model_number": f"M-{n}",
        "batteries_included": r.random() < 0.5,
    }
    return {"title": title, "bullets": bullets, "description": description, "attributes": attributes}


def german_page(r: random.Random, n: int) -> dict:
    noun = r.choice(DE_NOUNS)
    title = f"{r.choice(DE_ADJ).title()} {noun} {r.randint(1, 99)} cm"
    bullets = [
        f"{r.choice(DE_ADJ).title()}e {r.choice(DE_NOUNS)} für {r.randint(2, 48)} Stunden"
        for _ in range(r.randint(3, 5))
    ]
    description = " ".join(
        f"Die {r.choice(DE_NOUNS)} ist {r.choice(DE_ADJ)} und passt zur {r.choice(DE_NOUNS)}."
        for _ in range(r.randint(3, 6))
    )
    attributes = {
        "Farbe": r.choice(DE_COLORS),
        "Gewicht": {"value": r.randint(50, 5000), "unit": "g"},
        "Garantie": f"{r.randint(1, 5)} Jahre",
        "Modellnummer": f"M-{n}",
        "Spülmaschinengeeignet": r.random() < 0.5,
    }
    return {"title": title, "bullets": bullets, "description": description, "attributes": attributes}


def japanese_page(r: random.Random, n: int) -> dict:
    noun = r.choice(JA_NOUNS)
    title = f"{r.choice(JA_ADJ)}{noun} {r.randint(1, 99)}cm"
    bullets = [
        f"{r.choice(JA_ADJ)}の{r.choice(JA_NOUNS)}、{r.randint(2, 48)}時間使えます" for _ in range(r.randint(3, 5))
    ]
    description = "".join(f"この{r.choice(JA_NOUNS)}は{r.choice(JA_ADJ)}です。" for _ in range(r.randint(3, 6)))
    attributes = {
        "カラー": r.choice(JA_COLORS),
        "重量": {"value": r.randint(50, 5000), "unit": "g"},
        "保証": f"{r.randint(1, 5)}年",
        "型番": f"M-{n}",
    }
    return {"title": title, "bullets": bullets, "description": description, "attributes": attributes}


QUESTIONS = {
    "en": [
        "What color is it?",
        "How much does it weigh?",
        "Is it waterproof?",
        "What is it made of?",
        "Are batteries included?",
        "How long is the warranty?",
        "Do you ship to Canada?",
        "Can I pay with PayPal?",
        "What are the dimensions?",
        "Is it dishwasher safe?",
    ],
    "de": [
        "Welche Farbe hat der Artikel?",
        "Wie schwer ist das?",
        "Ist es spülmaschinengeeignet?",
        "Wie lange ist die Garantie?",
        "Liefern Sie nach Österreich?",
    ],
    "ja": ["色は何ですか？", "重さはどれくらいですか？", "保証期間は？", "海外に発送できますか？"],
}


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--questions", type=int, default=1000)
    parser.add_argument("--embed-sample", type=int, default=300, help="English products whose passages are embedded")
    parser.add_argument("--batch-lines", type=int, default=1000)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="answering-bench-"))
    db_file = workdir / "bench.sqlite3"
    os.environ["DATABASE_URL"] = f"sqlite:///{db_file}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csba.settings.test")
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.DATABASES["default"]["NAME"] = str(db_file)
    call_command("migrate", verbosity=0)
    from sellers.models import Marketplace, Product
    from tests.factories import SellerFactory

    markets = {m.code: m for m in Marketplace.objects.all()}
    seller = SellerFactory()
    r = random.Random(2026)
    started = time.perf_counter()
    kinds = [("en", "US", english_page)] * 12 + [("de", "DE", german_page)] * 5 + [("ja", "JP", japanese_page)] * 3
    batch, languages = [], {}
    for n in range(args.products):
        language, market, make = kinds[n % len(kinds)]
        page = make(r, n)
        batch.append(
            Product(
                seller=seller, marketplace=markets[market], asin=f"B{n:09d}", sku=f"SKU-{n}", language=language, **page
            )
        )
        languages[language] = languages.get(language, 0) + 1
        if len(batch) == 5000:
            Product.objects.bulk_create(batch)  # no signals: the rebuild below indexes them
            batch = []
    Product.objects.bulk_create(batch)
    generated = time.perf_counter() - started

    # 1. the index build, as `make run` does it, in a child process of its own
    env = dict(os.environ)
    started = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    child = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "rebuild_answer_index", "--no-embed"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    build_seconds = time.perf_counter() - started
    peak_kib = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before)
    if child.returncode != 0:
        print(child.stdout, child.stderr)
        raise SystemExit("rebuild_answer_index failed")

    # 2. warm latency of answer_for_product on the 100k catalog
    from inquiries.answering import index
    from inquiries.answering.encoder import get_encoder
    from inquiries.answering.live import answer_for_product
    from inquiries.answering.passages import extract_passages

    english = list(Product.objects.filter(language="en").select_related("marketplace")[: args.embed_sample])
    others = [
        p
        for language in ("de", "ja")
        for p in Product.objects.filter(language=language).select_related("marketplace")[: args.embed_sample // 2]
    ]
    started = time.perf_counter()
    encoder = get_encoder()
    model_load = time.perf_counter() - started
    texts = [p.text for product in english for p in extract_passages(product.as_detail_page(), "en")]
    started = time.perf_counter()
    index.vectors(texts)
    embed_seconds = time.perf_counter() - started
    products = english + others
    for product in products[:20]:  # warm caches (stemmers, SQLite pages)
        answer_for_product(product=product, question="warm up", language=product.language)
    timings: dict[str, list[float]] = {"en": [], "de": [], "ja": []}
    decisions = {"answer": 0, "escalate": 0}
    for _ in range(args.questions):
        product = products[r.randrange(len(products))]
        question = r.choice(QUESTIONS[product.language])
        t0 = time.perf_counter()
        result = answer_for_product(product=product, question=question, language=product.language)
        timings[product.language].append((time.perf_counter() - t0) * 1000)
        decisions[result["decision"]] += 1
    every = [t for ts in timings.values() for t in ts]

    # 3. answer_questions throughput
    from inquiries.answering.batch import answer_file

    source = workdir / "questions.jsonl"
    with open(source, "w", encoding="utf-8") as out:
        page = None
        for i in range(args.batch_lines):
            language, market, make = kinds[(i // 4) % len(kinds)]
            if i % 4 == 0:  # four questions per page, as buyers ask
                page = make(r, i)
            out.write(
                json.dumps(
                    {
                        "id": i,
                        "marketplace": market,
                        "question": r.choice(QUESTIONS[language]),
                        "product": {"asin": f"B{i // 4:09d}", **page},
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )
    started = time.perf_counter()
    counts = answer_file(str(source), io.StringIO(), io.StringIO(), progress=False)
    batch_seconds = time.perf_counter() - started

    print(
        json.dumps(
            {
                "products": args.products,
                "languages": languages,
                "generate_seconds": round(generated, 1),
                "index_build_seconds": round(build_seconds, 1),
                "index_build_peak_rss_mib": round(peak_kib / 1024),
                "index_file_mib": round(os.path.getsize(index.index_path()) / 2**20, 1),
                "model_load_seconds": round(model_load, 2) if encoder else None,
                "embedded_passages": len(texts),
                "embed_passages_per_second": round(len(texts) / embed_seconds, 1),
                "answer_ms": {
                    "p50": round(percentile(every, 0.5), 2),
                    "p95": round(percentile(every, 0.95), 2),
                    **{f"p95_{k}": round(percentile(v, 0.95), 2) for k, v in timings.items() if v},
                },
                "answer_decisions": decisions,
                "answer_questions_lines_per_second": round(counts["lines"] / batch_seconds, 1),
                "answer_questions_counts": counts,
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
