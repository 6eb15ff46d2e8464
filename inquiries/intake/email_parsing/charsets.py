"""Bytes to text for mail: the declared charset first, then careful guesses.

Mail lies about its charset often enough (Latin-1 declared, UTF-8 sent;
Shift_JIS with NEC symbols declared as plain Shift_JIS; ISO-2022-JP with
①/㈱ that the strict codec refuses), so each declared charset maps to a family
of codecs tried strictly in order. When all of them fail, the bytes are
guessed: UTF-8, ISO-2022-JP, then Japanese and Western single-byte codecs,
each accepted only when the result *looks* like text in that script. A
charset Python does not know and bytes no guess can read give ``None``;
the caller decides whether that rejects the message. Nothing here raises.
"""

from __future__ import annotations

import binascii
import codecs
import re

# Declared names Python does not know, or knows under a narrower codec.
ALIASES = {
    "x-sjis": "cp932",
    "windows-31j": "cp932",
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-shift_jis": "cp932",
    "ms_kanji": "cp932",
    "csshiftjis": "cp932",
    "x-mac-japanese": "cp932",
    "x-euc-jp": "euc_jp",
    "cseucpkdfmtjapanese": "euc_jp",
    "ks_c_5601-1987": "cp949",
    "euc-kr": "cp949",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "iso-8859-8-i": "iso8859_8",
    "iso-8859-6-i": "iso8859_6",
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "iso8859-1": "cp1252",
    "iso_8859-1": "cp1252",
    "us-ascii": "ascii",
    "ascii": "ascii",
    "ansi_x3.4-1968": "ascii",
    "utf8": "utf-8",
    "x-unicode20utf8": "utf-8",
}
# Further codecs to try, strictly, after the declared one fails.
FAMILY = {
    "iso2022_jp": ["iso2022_jp", "cp50220", "iso2022_jp_2004", "iso2022_jp_ext", "iso2022_jp_2"],
    "cp932": ["cp932", "shift_jis_2004", "shift_jis"],
    "shift_jis": ["cp932", "shift_jis_2004", "shift_jis"],
    "euc_jp": ["euc_jp", "euc_jis_2004", "cp51932"],
    "cp1252": ["cp1252", "latin-1"],
    "ascii": ["ascii"],
}
# Codecs that are technically text encodings but would interpret escapes, not
# characters: never honoured from a header.
REFUSED = {"unicode-escape", "raw-unicode-escape", "idna", "punycode", "undefined", "unicode-internal"}
SINGLE_BYTE_PREFIXES = ("iso8859", "cp125", "latin", "ascii", "mac-", "koi8", "cp437", "cp850")
# Charset labels that say "I don't know": guess without complaint.
UNLABELLED = {"", "unknown-8bit", "x-unknown", "unknown", "8bit", "default", "charset", "x-user-defined", "none"}


def _codec(name: str) -> str | None:
    """The Python codec for a declared name, or None when there is none."""
    label = (name or "").strip().strip("\"'").lower()
    label = label.split("*", 1)[0]  # RFC 2231 language suffix: utf-8*en
    label = ALIASES.get(label, label)
    if label in ("cp50220", "cp51932"):
        return label
    try:
        info = codecs.lookup(label)
    except (LookupError, ValueError, TypeError):
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name in REFUSED:
        return None
    return info.name


def _strict(payload: bytes, codec: str) -> str | None:
    if codec == "cp50220":
        return iso2022jp_via_cp932(payload)
    if codec == "cp51932":
        return None
    try:
        return payload.decode(codec)
    except Exception:  # UnicodeDecodeError, LookupError, and codec bugs alike
        return None


def decode_bytes(payload: bytes, declared: str | None) -> str | None:
    """Decode a text part. Returns None only when the charset is unknown (or
    unlabelled 8-bit) and no guess reads the bytes as plausible text."""
    label = (declared or "").strip().strip("\"'").lower()
    codec = _codec(label) if label not in UNLABELLED else None
    if payload.isascii() and b"\x1b" not in payload and not (codec or "").startswith(("utf-16", "utf-32", "utf-7")):
        return payload.decode("ascii")
    if codec is not None:
        single_byte = codec.startswith(SINGLE_BYTE_PREFIXES)
        if single_byte:  # Real Latin-1 text is practically never valid UTF-8: UTF-8 mislabelled is.
            text = _strict(payload, "utf-8")
            if text is not None:
                return text
        for candidate in FAMILY.get(codec, [codec]):
            text = _strict(payload, candidate)
            if text is not None:
                return text
    guessed = guess_decode(payload)
    if guessed is not None:
        return guessed
    if codec is not None:  # A known charset with a few bad bytes: keep the text, mark the bytes.
        try:
            return payload.decode(codec, "replace")
        except Exception:
            return payload.decode("utf-8", "replace")
    return None


def guess_decode(payload: bytes) -> str | None:
    """UTF-8, ISO-2022-JP, Shift_JIS, EUC-JP, Windows-1252, in that order, each
    only when the result reads as text of its script."""
    text = _strict(payload, "utf-8")
    if text is not None:
        return text
    if b"\x1b$" in payload and payload.isascii():
        for candidate in FAMILY["iso2022_jp"]:
            text = _strict(payload, candidate)
            if text is not None:
                return text
    for candidate in ("cp932", "euc_jp"):
        text = _strict(payload, candidate)
        if text is not None and looks_japanese(text):
            return text
    text = _strict(payload, "cp1252")
    if text is not None and looks_western(text):
        return text
    return None


def _is_japanese_char(ch: str) -> bool:
    code = ord(ch)
    return (
        0x3000 <= code <= 0x30FF
        or 0x4E00 <= code <= 0x9FFF
        or 0xFF01 <= code <= 0xFF60
        or 0xFFE0 <= code <= 0xFFEF
        or 0x2460 <= code <= 0x24FF
        or 0x3200 <= code <= 0x33FF
        or code
        in (
            0x2010,
            0x2015,
            0x2018,
            0x2019,
            0x201C,
            0x201D,
            0x2025,
            0x2026,
            0x203B,
            0x00A7,
            0x00B0,
            0x00D7,
            0x2192,
            0x2190,
            0x2191,
            0x2193,
            0x25A0,
            0x25A1,
            0x25CB,
            0x25CF,
            0x2605,
            0x2606,
        )
    )


def _is_level1_kanji(ch: str) -> bool:
    """JIS X 0208 level 1 (the common kanji): Shift_JIS lead bytes 0x88-0x98.
    Latin-1 letters read as Shift_JIS land in level 2 and beyond, never here."""
    try:
        return 0x88 <= ch.encode("cp932")[0] <= 0x98
    except UnicodeEncodeError:
        return False


def looks_japanese(text: str) -> bool:
    """Nearly every non-ASCII character Japanese script, and kana present (or,
    for a short kanji-only name, only common kanji): a Latin-1 text read as
    Shift_JIS turns into half-width katakana and rare kanji, which fails this."""
    others = [ch for ch in text if ord(ch) > 0x7F]
    if not others:
        return True
    kana = sum(1 for ch in others if 0x3041 <= ord(ch) <= 0x30FA)
    japanese = sum(1 for ch in others if _is_japanese_char(ch))
    if japanese < 0.9 * len(others):
        return False
    return kana > 0 or all(_is_level1_kanji(ch) or not 0x4E00 <= ord(ch) <= 0x9FFF for ch in others)


_WESTERN = set(
    "ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝßàáâãäåæçèéêëìíîïñòóôõöøùúûüýÿŒœŠšŽžŸ€£¥¢§°«»„“”‘’‚‹›–—…•·´¿¡×÷¹²³½¼¾©®™µ¶\u00a0"
)


def looks_western(text: str) -> bool:
    """Nearly every non-ASCII character a Western European letter or common
    punctuation, and no control characters."""
    others = [ch for ch in text if ord(ch) > 0x7F]
    if not others:
        return True
    return sum(1 for ch in others if ch in _WESTERN) >= 0.9 * len(others)


def iso2022jp_via_cp932(payload: bytes) -> str | None:
    """ISO-2022-JP as Japanese mailers really send it (NEC row 13: ①, ㈱, №;
    IBM extensions), by mapping each JIS X 0208 pair to Shift_JIS and
    reading it as CP932 (what Windows' cp50220 does)."""
    out = bytearray()
    mode = "ascii"
    i, n = 0, len(payload)
    while i < n:
        byte = payload[i]
        if byte == 0x1B:
            seq = payload[i + 1 : i + 3]
            if seq in (b"(B", b"(J"):
                mode = "ascii"
            elif seq in (b"$@", b"$B"):
                mode = "jis"
            elif seq == b"(I":
                mode = "kana"
            else:
                return None
            i += 3
            continue
        if byte in (0x0A, 0x0D):
            out.append(byte)
            mode = "ascii" if mode == "kana" else mode
            i += 1
            continue
        if byte == 0x0E:  # SO/SI half-width katakana shifts (cp50221)
            mode, i = "kana", i + 1
            continue
        if byte == 0x0F:
            mode, i = "ascii", i + 1
            continue
        if byte > 0x7F:
            return None
        if mode == "ascii":
            out.append(byte)
            i += 1
        elif mode == "kana":
            if not 0x21 <= byte <= 0x5F:
                return None
            out.append(byte + 0x80)
            i += 1
        else:
            if i + 1 >= n:
                return None
            j1, j2 = byte, payload[i + 1]
            if not (0x21 <= j1 <= 0x7E and 0x21 <= j2 <= 0x7E):
                return None
            s1 = ((j1 + 1) >> 1) + (0x70 if j1 <= 0x5E else 0xB0)
            if j1 % 2:
                s2 = j2 + (0x1F if j2 <= 0x5F else 0x20)
            else:
                s2 = j2 + 0x7E
            out += bytes((s1, s2))
            i += 2
    try:
        return bytes(out).decode("cp932")
    except UnicodeDecodeError:
        return None


_SURROGATES = re.compile("[\udc80-\udcff]+")
_ANY_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(text: str) -> str:
    """Text safe to store: raw 8-bit bytes the email package kept as
    surrogates are decoded (guessing the charset), leftover surrogates and
    control characters (NUL breaks PostgreSQL) are dropped."""
    if _SURROGATES.search(text):
        text = _repair_surrogates(text)
    if _ANY_SURROGATE.search(text):
        text = _ANY_SURROGATE.sub("\ufffd", text)
    return _CONTROL.sub("", text)


def _repair_surrogates(text: str) -> str:
    rest = _SURROGATES.sub("", text)
    if rest.isascii():  # Raw 8-bit header or body: all of it is one charset.
        raw = text.encode("ascii", "surrogateescape")
        return guess_decode(raw) or raw.decode("utf-8", "replace")

    def run(match: re.Match) -> str:
        raw = match.group(0).encode("ascii", "surrogateescape")
        return guess_decode(raw) or raw.decode("utf-8", "replace")

    return _SURROGATES.sub(run, text)


_ENCODED_WORD = re.compile(r"=\?([^?\s]+)\?([QqBb])\?([^?\s]*)\?=")
_BETWEEN_WORDS = re.compile(r"\s*")


def _word_bytes(encoding: str, text: str) -> bytes:
    if encoding in "Bb":
        text = re.sub(r"[^A-Za-z0-9+/]", "", text)
        text += "=" * (-len(text) % 4)
        if len(text) % 4 == 1:  # A lone trailing sextet carries no byte.
            text = text[:-1]
        try:
            return binascii.a2b_base64(text)
        except (binascii.Error, ValueError):
            return b""
    try:
        return binascii.a2b_qp(text.encode("ascii", "replace"), header=True)
    except (binascii.Error, ValueError):
        return text.encode("ascii", "replace")


def decode_header_value(value: str) -> str:
    """RFC 2047 decoding done leniently: adjacent encoded words of one charset
    are joined before decoding (encoders split multi-byte characters across
    words), the whitespace between encoded words is dropped, an unknown
    charset is guessed and never raises. Folding is undone."""
    value = clean_text(re.sub(r"\r?\n(?=[ \t])", "", value or "").replace("\r", "").replace("\n", ""))
    pieces: list[str] = []
    pending_charset: str | None = None
    pending = bytearray()
    position = 0

    def flush():
        nonlocal pending_charset, pending
        if pending_charset is not None:
            pieces.append(decode_bytes(bytes(pending), pending_charset) or bytes(pending).decode("utf-8", "replace"))
        pending_charset, pending = None, bytearray()

    for match in _ENCODED_WORD.finditer(value):
        between = value[position : match.start()]
        charset = match.group(1).split("*", 1)[0].lower()
        if pending_charset is not None and (not between or between.isspace()):
            if charset != pending_charset:
                flush()  # Whitespace between encoded words is not text (RFC 2047 6.2).
        else:
            flush()
            pieces.append(between)
        pending_charset = charset
        pending += _word_bytes(match.group(2), match.group(3))
        position = match.end()
    flush()
    pieces.append(value[position:])
    return clean_text("".join(pieces))
