"""What the learned models see: the question's kind, each passage's
structure, and their lexical and semantic match.

Question (``QuestionInfo``): yes/no or open; which fact it asks for
(size, weight, quantity, capacity, power, duration, colour, material, age,
compatibility); whether it is about something a detail page never says
(shipping, price, returns, stock: "off page").

Passage x question (``pair_features``): MiniLM cosine (absolute and
relative to the page's best), IDF-weighted term coverage, BM25 relative to
the page's best, for attributes the match of the attribute *name* with the
question (lexical and semantic), whether the passage carries the asked kind
of fact (a unit of that kind, or an attribute named for it), numbers for
"how many/how big" questions, yes/no values for yes/no questions, source
and length, and the learned association of the question's words with the
passage's (``association.py``, English; filled in by ``engine.rank``). The names are listed in ``PAIR_FEATURES``; the ranking model
(``model.py``) holds one weight per name.

Languages: the patterns cover English, German and Japanese; the semantic
features are 0 where no sentence vectors are given (German, Japanese, or
the model off), and the lexical model is trained without them.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np

from .text import normalise

# Kinds of fact: a question pattern, a passage pattern (units, words) per kind.
_KINDS = {
    "size": (
        r"\b(size|sizes|dimension|dimensions|measure|measurements?|how (big|large|tall|wide|deep|high|small|thick)|"
        r"height|width|depth|length|diameter|thickness|inch|inches|cm|fit (in|on|into)|how long is)\b|"
        r"(größe|groesse|maße|masse|abmessung|breite|höhe|hoehe|tiefe|länge|laenge|durchmesser|wie (groß|gross|breit|hoch|lang|dick))|"
        r"(サイズ|寸法|大きさ|高さ|幅|奥行|長さ|直径|厚さ)",
        r"\b\d+(\.\d+)?\s*(\"|in\b|inch|inches|cm|mm|ft|feet|foot|m\b|meter|metre|zoll)|\b(dimensions?|size|width|height|length|depth|diameter|thickness)\b|"
        r"(größe|maße|breite|höhe|länge|tiefe|durchmesser)|(サイズ|寸法|高さ|幅|奥行|長さ|直径)",
    ),
    "weight": (
        r"\b(weigh|weighs|weight|heavy|light ?weight|lbs?|pounds?|kg|grams?)\b|(gewicht|wiegt|schwer|leicht)|(重さ|重量|軽い|重い)",
        r"\b\d+(\.\d+)?\s*(lbs?|pounds?|kg|kilograms?|g\b|grams?|oz|ounces?)|\bweight\b|(gewicht)|(重量|重さ)",
    ),
    "quantity": (
        r"\b(how many|number of|count|pieces?|pcs|pack of|comes with how|quantity)\b|(wie viele|anzahl|stück|stueck)|(何個|何枚|何本|いくつ|個数|枚数|本数|入数)",
        r"\b\d+\s*(pieces?|pcs|pack|count|ct|sets?)\b|\b(quantity|count|number of|included components|total eaches)\b|(stück|anzahl|packung)|(個|枚|本|入り|セット)",
    ),
    "capacity": (
        r"\b(capacity|hold|holds|volume|how much (can|does|will)|storage|gb|tb|ml|liters?|litres?|gallons?|oz|ounces?|cups?)\b|"
        r"(fassungsvermögen|volumen|inhalt|speicher|liter)|(容量|容積|何リットル|ml|リットル|ストレージ)",
        r"\b\d+(\.\d+)?\s*(ml|l\b|liters?|litres?|gallons?|oz|ounces?|cups?|gb|tb|mb|qt|quarts?)|\b(capacity|storage|memory)\b|"
        r"(fassungsvermögen|liter|speicher)|(容量|リットル)",
    ),
    "power": (
        r"\b(volt|volts|voltage|watt|watts|wattage|power|battery|batteries|charge|charging|charger|plug|outlet|electric|"
        r"rechargeable|mah|220|110|240|aa|aaa|usb)\b|(spannung|strom|watt|akku|batterie|laden|ladegerät|netzteil|stecker)|"
        r"(電圧|電源|電池|バッテリー|充電|ワット|コンセント)",
        r"\b\d+(\.\d+)?\s*(v\b|volts?|w\b|watts?|mah|wh)\b|\b(batter(y|ies)|voltage|power|rechargeable|charg\w*|usb|aa|aaa)\b|"
        r"(akku|batterie|spannung|netzteil|laden|volt)|(電池|バッテリー|充電|電源|電圧)",
    ),
    "duration": (
        r"\b(how long (does|do|will|can|is)|last|lasts|hours?|minutes?|run ?time|battery life|play ?time|talk ?time)\b|"
        r"(wie lange|laufzeit|akkulaufzeit|stunden|minuten|hält)|(何時間|持続|連続再生|再生時間|時間|何分)",
        r"\b\d+(\.\d+)?\s*(hours?|hrs?|h\b|minutes?|mins?|days?)\b|\b(battery life|play ?time|run ?time|talk ?time)\b|"
        r"(stunden|minuten|laufzeit)|(時間|分|連続)",
    ),
    "colour": (
        r"\b(colou?rs?|black|white|red|blue|green|pink|grey|gray|silver|gold|purple|yellow|brown|beige)\b|(farbe|farben)|(色|カラー)",
        r"\b(colou?r|black|white|red|blue|green|pink|grey|gray|silver|gold|purple|yellow|brown|beige|navy)\b|"
        r"(farbe|schwarz|weiß|weiss|rot|blau|grün|gruen|grau|silber)|(色|カラー|ブラック|ホワイト|黒|白|赤|青)",
    ),
    "material": (
        r"\b(made (of|from|out of)|materials?|plastic|metal|steel|wood|wooden|cotton|leather|glass|silicone|fabric|"
        r"aluminum|aluminium|bpa|latex|rubber)\b|(material|aus was|hergestellt|kunststoff|holz|stahl|baumwolle|leder|glas)|"
        r"(素材|材質|材料|プラスチック|木製|ステンレス|綿|革|ガラス)",
        r"\b(materials?|fabric|made of|plastic|metal|steel|wood|cotton|leather|glass|silicone|aluminum|aluminium|polyester|nylon|rubber|tpe)\b|"
        r"(material|kunststoff|holz|stahl|baumwolle|leder|glas|edelstahl)|(素材|材質|ステンレス|プラスチック|綿|木)",
    ),
    "age": (
        r"\b(age|ages|old|year old|years old|yr old|toddler|kids?|child|children|adult|baby|infant|teen)\b|(alter|jahre alt|kinder|kind|erwachsene)|"
        r"(年齢|歳|才|子供|子ども|大人|対象)",
        r"\b(\d+\s*(years?|yrs?|months?|mos?)\b|ages?\b|kid|toddler|child|adult|baby)|(jahre|alter|kinder)|(歳|才|対象年齢|子供|大人)",
    ),
    "compatibility": (
        r"\b(compatible|compatibility|fit|fits|work with|works with|work on|works on|use with|use it with|support|supports)\b|"
        r"(kompatibel|passt|passen|funktioniert mit|geeignet für|geeignet fur)|(対応|互換|使えます|使用できます|合います)",
        r"\b(compatib\w*|fits?|works? with|for use with|supports?|designed for)\b|(kompatibel|passend für|geeignet)|(対応|互換)",
    ),
}
_KIND_RE = {k: (re.compile(q, re.IGNORECASE), re.compile(p, re.IGNORECASE)) for k, (q, p) in _KINDS.items()}
KINDS = tuple(_KINDS)

_YES_NO = re.compile(
    r"^\W*(?:(?:hi|hello|so|and|but|also|ok|okay|please|quick question)\W+)*"
    r"(is|are|does|do|did|can|could|will|would|should|has|have|had|was|were|may|might|shall|isn't|aren't|doesn't|don't|won't|can't|"
    r"ist|sind|hat|haben|kann|können|koennen|kan|passt|passen|geht|gibt|lässt|laesst|muss|müssen|wird|werden|funktioniert|eignet|"
    r"darf|braucht|benötigt|enthält|hält|gehört)\b",
    re.IGNORECASE,
)
_WH = re.compile(
    r"\b(what|which|how|where|when|who|why|was|welche|welcher|welches|wie|wo|wann|wer|warum|wieviel|wie viel)\b",
    re.IGNORECASE,
)
_JA_WH = re.compile(r"(何|どの|どれ|どこ|いつ|いくつ|いくら|どう|どんな|誰|なぜ)")
_JA_YES_NO_END = re.compile(r"(ますか|ですか|でしょうか|ませんか|か)[？?。\s]*$")
_OFF_PAGE = re.compile(
    r"\b(ship|ships|shipping|shipped|deliver|delivery|arrive|arrival|refund|return policy|returns?|price|cost|cheaper|discount|"
    r"coupon|in stock|restock|back in stock|gift ?wrap\w*|tracking|order|ordered|seller|warranty claim|sale)\b|"
    r"(versand|lieferung|liefern|lieferzeit|rücksendung|ruecksendung|erstattung|preis|kosten|rabatt|lieferbar|bestellung|verkäufer)|"
    r"(配送|発送|届く|到着|返品|返金|価格|値段|在庫|注文|出品者|送料)",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"\d")
_BOOLEAN_VALUE = re.compile(r":\s*(yes|no|true|false|ja|nein|はい|いいえ)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class QuestionInfo:
    is_yes_no: bool
    kinds: frozenset  # kinds of fact asked for
    is_off_page: bool
    words: int


def question_info(question: str, language: str) -> QuestionInfo:
    text = normalise(question)
    if language == "ja":
        yes_no = bool(_JA_YES_NO_END.search(text)) and not _JA_WH.search(text)
    else:
        yes_no = bool(_YES_NO.match(text)) and not _WH.match(text)
    kinds = frozenset(k for k, (q, _p) in _KIND_RE.items() if q.search(text))
    words = len(text) // 2 if language == "ja" else len(text.split())
    return QuestionInfo(is_yes_no=yes_no, kinds=kinds, is_off_page=bool(_OFF_PAGE.search(text)), words=words)


def passage_kinds(text: str) -> frozenset:
    """Kinds of fact a passage carries (a unit of that kind, or its name)."""
    text = normalise(text)
    return frozenset(k for k, (_q, p) in _KIND_RE.items() if p.search(text))


def attribute_name(source: str, text: str) -> str:
    return text.split(":", 1)[0] if source == "attribute" and ":" in text else ""


PAIR_FEATURES = (
    "cosine",
    "cosine_gap",
    "cosine_z",
    "cosine_rank1",
    "coverage",
    "coverage_gap",
    "bm25_share",
    "bm25_rank1",
    "name_coverage",
    "name_cosine",
    "kind_match",
    "kind_asked_missing",
    "number_for_quantity",
    "boolean_for_yes_no",
    "boolean_for_open",
    "source_attribute",
    "source_description",
    "source_title",
    "log_words",
    "semantic",
    "association",
)


def pair_features(
    *,
    info: QuestionInfo,
    sources: list[str],
    texts: list[str],
    coverage: np.ndarray,
    bm25: np.ndarray,
    cosine: np.ndarray | None,
    name_coverage: np.ndarray,
    name_cosine: np.ndarray | None,
    kinds: list[frozenset],
) -> np.ndarray:
    """One row per passage, columns as PAIR_FEATURES."""
    n = len(texts)
    x = np.zeros((n, len(PAIR_FEATURES)), dtype=np.float64)
    col = {name: i for i, name in enumerate(PAIR_FEATURES)}
    if cosine is not None and n:
        x[:, col["cosine"]] = cosine
        x[:, col["cosine_gap"]] = cosine - cosine.max()
        spread = cosine.std() if n > 1 else 0.0
        x[:, col["cosine_z"]] = (cosine - cosine.mean()) / spread if spread > 1e-6 else 0.0
        x[:, col["cosine_rank1"]] = (cosine >= cosine.max() - 1e-9).astype(float)
        x[:, col["semantic"]] = 1.0
        if name_cosine is not None:
            x[:, col["name_cosine"]] = name_cosine
    x[:, col["coverage"]] = coverage
    x[:, col["coverage_gap"]] = coverage - (coverage.max() if n else 0.0)
    top_bm25 = bm25.max() if n else 0.0
    if top_bm25 > 0:
        x[:, col["bm25_share"]] = bm25 / top_bm25
        x[:, col["bm25_rank1"]] = (bm25 >= top_bm25 - 1e-9).astype(float)
    x[:, col["name_coverage"]] = name_coverage
    for i, (source, text) in enumerate(zip(sources, texts)):
        carried = kinds[i] & info.kinds
        x[i, col["kind_match"]] = 1.0 if carried else 0.0
        x[i, col["kind_asked_missing"]] = 1.0 if info.kinds and not carried else 0.0
        has_number = bool(_NUMBER.search(text))
        x[i, col["number_for_quantity"]] = (
            1.0 if has_number and info.kinds & {"size", "weight", "quantity", "capacity", "duration", "age"} else 0.0
        )
        boolean = source == "attribute" and bool(_BOOLEAN_VALUE.search(text))
        x[i, col["boolean_for_yes_no"]] = 1.0 if boolean and info.is_yes_no else 0.0
        x[i, col["boolean_for_open"]] = 1.0 if boolean and not info.is_yes_no else 0.0
        x[i, col["source_attribute"]] = source == "attribute"
        x[i, col["source_description"]] = source == "description"
        x[i, col["source_title"]] = source == "title"
        x[i, col["log_words"]] = math.log1p(len(text.split()) if text.isascii() else len(text) / 2)
    return x


DECISION_FEATURES = (
    "top_logit",
    "second_logit",
    "margin",
    "top_cosine",
    "top_coverage",
    "top_kind_match",
    "kind_asked",
    "yes_no",
    "off_page",
    "top_attribute",
    "top_boolean",
    "log_passages",
    "log_question_words",
    "semantic",
    "top_share",
    "entropy",
    "top_name_coverage",
    "top_name_cosine",
    "top_bm25_share",
    "top_cosine_z",
    "top_number_for_quantity",
    "kind_matches",
)


def decision_features(*, info: QuestionInfo, logits: np.ndarray, order: np.ndarray, pair: np.ndarray) -> np.ndarray:
    """The answer/escalate model's inputs for a ranked page (``order``: best first)."""
    col = {name: i for i, name in enumerate(PAIR_FEATURES)}
    top = order[0]
    second = logits[order[1]] if len(order) > 1 else -6.0
    row = pair[top]
    share = np.exp(logits - logits.max())
    share /= share.sum()
    return np.array(
        [
            logits[top],
            second,
            logits[top] - second,
            row[col["cosine"]],
            row[col["coverage"]],
            row[col["kind_match"]],
            1.0 if info.kinds else 0.0,
            1.0 if info.is_yes_no else 0.0,
            1.0 if info.is_off_page else 0.0,
            row[col["source_attribute"]],
            row[col["boolean_for_yes_no"]] + row[col["boolean_for_open"]],
            math.log(len(order)),
            math.log1p(info.words),
            row[col["semantic"]],
            share[top],
            float(-(share * np.log(share + 1e-12)).sum()),
            row[col["name_coverage"]],
            row[col["name_cosine"]],
            row[col["bm25_share"]],
            row[col["cosine_z"]],
            row[col["number_for_quantity"]],
            pair[:, col["kind_match"]].sum(),
        ]
    )
