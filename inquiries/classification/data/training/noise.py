"""How buyers mistype: keyboard slips, dropped and doubled letters, swapped
letters, common misspellings, chat shorthand, dropped small words, case and
punctuation noise. Applied to generated training contacts only."""

from __future__ import annotations

import random
import re

# Neighbouring keys on a QWERTY/QWERTZ keyboard (lower case).
_NEIGHBOURS = {
    "a": "qswz",
    "b": "vghn",
    "c": "xdfv",
    "d": "serfcx",
    "e": "wsdr",
    "f": "drtgvc",
    "g": "ftyhbv",
    "h": "gyujnb",
    "i": "ujko",
    "j": "huikmn",
    "k": "jiolm",
    "l": "kop",
    "m": "njk",
    "n": "bhjm",
    "o": "iklp",
    "p": "ol",
    "q": "wa",
    "r": "edft",
    "s": "awedxz",
    "t": "rfgy",
    "u": "yhji",
    "v": "cfgb",
    "w": "qase",
    "x": "zsdc",
    "y": "tghu",
    "z": "asx",
}
MISSPELLINGS_EN = {
    "account": ["acount", "accout", "acct", "acc", "accnt", "accont"],
    "password": ["pasword", "passwrd", "pw", "pwd", "passowrd"],
    "receive": ["recieve", "recive"],
    "received": ["recieved", "recived", "rcvd"],
    "order": ["oder", "ordr", "orde", "odrer"],
    "address": ["adress", "addres", "adrress"],
    "cancel": ["cancle", "cansel", "cancell"],
    "refund": ["refnd", "refun", "reefund"],
    "delivery": ["delivary", "delivry", "dilevery"],
    "invoice": ["invoce", "invioce", "invoise"],
    "payment": ["paymnet", "paymet", "pymt"],
    "please": ["pls", "plz", "pleas", "plese"],
    "you": ["u", "yu"],
    "your": ["ur", "yor", "youre"],
    "thanks": ["thx", "thanx", "tks"],
    "because": ["cuz", "bc", "becuase"],
    "want to": ["wanna"],
    "going to": ["gonna"],
    "i am": ["im", "i'm"],
    "don't": ["dont", "do not"],
    "can't": ["cant", "cannot"],
    "haven't": ["havent", "have not"],
    "package": ["pakage", "pkg", "packge"],
    "shipping": ["shiping", "shpping"],
    "information": ["info", "infromation"],
    "with": ["w/", "wiht"],
    "tracking": ["trackin", "traking"],
    "register": ["registr", "regster"],
    "newsletter": ["news letter", "newsleter"],
    "subscription": ["subscripton", "sub"],
    "customer": ["costumer", "cust"],
    "service": ["servce", "srvice"],
    "estimated time of arrival": ["ETA"],
    "tomorrow": ["tmrw", "tomorow"],
    "message": ["msg"],
    "about": ["abt", "bout"],
    "purchase": ["purchse", "purchace"],
    "available": ["avail", "availble"],
    "questions": ["qs"],
}
MISSPELLINGS_DE = {
    "bestellung": ["bestelung", "bstellung", "bestellng"],
    "passwort": ["pasword", "passwort", "pw"],
    "bitte": ["bite", "bitt", "pls"],
    "rechnung": ["rechung", "rechnug"],
    "lieferung": ["liferung", "lieferug"],
    "nicht": ["nich", "net"],
    "ich habe": ["hab"],
    "konto": ["kto"],
    "zurück": ["zurueck", "zurük"],
    "möchte": ["moechte", "möcht", "mochte"],
    "für": ["fuer", "fur"],
}
_SMALL_WORDS = {
    "the",
    "a",
    "an",
    "my",
    "to",
    "of",
    "for",
    "is",
    "on",
    "i",
    "me",
    "please",
    "die",
    "der",
    "das",
    "ich",
    "mein",
    "meine",
    "bitte",
    "ist",
    "zu",
}
_JAPANESE_POLITE = [
    ("ください", "下さい"),
    ("できますか", "できる？"),
    ("したいです", "したい"),
    ("ていません", "てない"),
    ("できません", "できない"),
    ("届きません", "届かない"),
    ("来ません", "来ない"),
    ("わかりません", "わからない"),
    ("動きません", "動かない"),
    ("入りません", "入らない"),
    ("ありません", "ない"),
    ("ですか", "？"),
    ("お願いします", "お願い"),
]

# Japanese as typed: kana where kanji is usual, other spellings and loanwords of the same word.
SPELLINGS_JA = {
    "注文": ["ちゅうもん", "オーダー"],
    "キャンセル": ["きゃんせる", "取消", "取り消し"],
    "返品": ["へんぴん", "返送"],
    "返金": ["へんきん", "払い戻し", "払戻し"],
    "届き": ["とどき"],
    "届か": ["とどか"],
    "届い": ["とどい"],
    "領収書": ["領収証", "りょうしゅうしょ", "レシート"],
    "請求書": ["せいきゅうしょ"],
    "ログイン": ["ろぐいん", "サインイン"],
    "パスワード": ["パスワ-ド", "PW", "パス", "ぱすわーど"],
    "アカウント": ["アカ", "あかうんと"],
    "住所": ["じゅうしょ"],
    "商品": ["品物", "しょうひん"],
    "問い合わせ": ["問合せ", "お問合せ", "といあわせ"],
    "交換": ["こうかん"],
    "支払い": ["支払", "しはらい", "お支払い"],
    "破損": ["はそん"],
    "在庫": ["ざいこ"],
    "発送": ["出荷", "はっそう"],
    "お願いします": ["おねがいします", "お願いしまーす"],
    "できません": ["できない", "出来ません"],
    "ですか": ["でしょうか", "ですかね"],
}
# A dakuten lost while typing (ください -> くたさい).
_VOICED = dict(zip("がぎぐげござじずぜぞだぢづでどばびぶべぼ", "かきくけこさしすせそたちつてとはひふへほ"))
_JA_ENDINGS = ["", "", "", "笑", "w", "。。。", "！！", "😢", "🙏", "(泣)", "…", "？？"]


def _noisy_ja(text: str, rng: random.Random) -> str:
    """Plainer or more casual Japanese, other spellings, a lost particle or
    dakuten, and a different ending."""
    for polite, plain in _JAPANESE_POLITE:
        if polite in text and rng.random() < 0.5:
            text = text.replace(polite, plain)
    for written, typed in SPELLINGS_JA.items():
        if written in text and rng.random() < 0.3:
            text = text.replace(written, rng.choice(typed), 1)
    particles = [m.start() for m in re.finditer(r"(?<=[\u30a0-\u30ff\u4e00-\u9fff])[をがは](?=[\u3040-\u9fff])", text)]
    if particles and rng.random() < 0.3:
        at = rng.choice(particles)
        text = text[:at] + text[at + 1 :]
    voiced = [i for i, char in enumerate(text) if char in _VOICED]
    if voiced and rng.random() < 0.1:
        at = rng.choice(voiced)
        text = text[:at] + _VOICED[text[at]] + text[at + 1 :]
    if rng.random() < 0.4:
        text = text.replace("。", rng.choice(["", "！", "…", " "]))
    if rng.random() < 0.3:
        text = text.rstrip("。！？!?") + rng.choice(_JA_ENDINGS)
    return text


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 4 or not word.isalpha():
        return word
    position = rng.randrange(1, len(word) - 1)
    kind = rng.random()
    if kind < 0.3:
        return word[:position] + word[position + 1 :]
    if kind < 0.55:
        return word[:position] + word[position + 1] + word[position] + word[position + 2 :]
    if kind < 0.8:
        letter = word[position].lower()
        return word[:position] + rng.choice(_NEIGHBOURS.get(letter, letter)) + word[position + 1 :]
    return word[:position] + word[position] + word[position:]


def _misspell(text: str, table: dict, rng: random.Random, share: float) -> str:
    for right, wrongs in table.items():
        pattern = re.compile(r"\b" + re.escape(right) + r"\b", re.IGNORECASE)
        if pattern.search(text) and rng.random() < share:
            wrong = rng.choice(wrongs)
            text = pattern.sub(lambda _, wrong=wrong: wrong, text, count=1)
    return text


def noisy(text: str, language: str, rng: random.Random) -> str:
    """One noisy rendering of a contact: some of typos, misspellings,
    shorthand, dropped small words, case and punctuation changes."""
    if language == "ja":
        return _noisy_ja(text, rng)
    text = _misspell(text, MISSPELLINGS_EN if language == "en" else MISSPELLINGS_DE, rng, 0.45)
    words = text.split(" ")
    for _ in range(rng.choice((0, 1, 1, 2, 3))):
        index = rng.randrange(len(words))
        words[index] = _typo(words[index], rng)
    if len(words) > 4 and rng.random() < 0.35:
        droppable = [i for i, word in enumerate(words) if word.lower().strip(",.") in _SMALL_WORDS]
        if droppable:
            del words[rng.choice(droppable)]
    text = " ".join(words)
    roll = rng.random()
    if roll < 0.45:
        text = text.lower()
    elif roll < 0.5:
        text = text.upper()
    roll = rng.random()
    if roll < 0.35:
        text = re.sub(r"[.,!?']", "", text)
    elif roll < 0.5:
        text = text.rstrip(".?! ") + rng.choice(["??", "!!", "???", " ?", "!!!", "..."])
    return text
