"""Build the gettext catalogs from the translation tables in locale/src/*.tsv.

Each table line is ``msgid<TAB>de<TAB>ja<TAB>zh-hans`` (empty cells are left
untranslated). The script writes ``locale/<lang>/LC_MESSAGES/django.po`` and
compiles ``django.mo`` itself (no gettext tools needed), so a fresh machine
serves the translated UI without installing anything.
"""

from __future__ import annotations

import array
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LANGS = ["de", "ja", "zh_Hans"]


def read_tables() -> dict[str, dict[str, str]]:
    catalogs: dict[str, dict[str, str]] = {lang: {} for lang in LANGS}
    for table in sorted((ROOT / "locale" / "src").glob("*.tsv")):
        for number, line in enumerate(table.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip() or line.startswith("#"):
                continue
            cells = line.split("\t")
            if len(cells) < 2:
                sys.exit(f"{table.name}:{number}: expected msgid and at least one translation")
            msgid = _unescape(cells[0])
            for lang, cell in zip(LANGS, cells[1:]):
                if cell.strip():
                    catalogs[lang][msgid] = _unescape(cell)
    return catalogs


def _unescape(text: str) -> str:
    return text.replace("\\n", "\n").replace("\\t", "\t")


def _po_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def write_po(lang: str, messages: dict[str, str]) -> Path:
    folder = ROOT / "locale" / lang / "LC_MESSAGES"
    folder.mkdir(parents=True, exist_ok=True)
    lines = [
        'msgid ""',
        'msgstr ""',
        '"Content-Type: text/plain; charset=UTF-8\\n"',
        f'"Language: {lang}\\n"',
        '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"',
        "",
    ]
    for msgid in sorted(messages):
        lines += [f"msgid {_po_quote(msgid)}", f"msgstr {_po_quote(messages[msgid])}", ""]
    path = folder / "django.po"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def write_mo(lang: str, messages: dict[str, str]) -> Path:
    """GNU .mo format: header, two index tables, then the strings."""
    header = (
        "Content-Type: text/plain; charset=UTF-8\nLanguage: " + lang + "\nPlural-Forms: nplurals=2; plural=(n != 1);\n"
    )
    entries = sorted({"": header, **messages}.items())
    ids = b""
    strs = b""
    offsets = []
    for msgid, msgstr in entries:
        bid, bstr = msgid.encode("utf-8"), msgstr.encode("utf-8")
        offsets.append((len(ids), len(bid), len(strs), len(bstr)))
        ids += bid + b"\0"
        strs += bstr + b"\0"
    count = len(entries)
    key_start = 7 * 4 + 16 * count
    value_start = key_start + len(ids)
    koffsets, voffsets = [], []
    for id_off, id_len, str_off, str_len in offsets:
        koffsets += [id_len, id_off + key_start]
        voffsets += [str_len, str_off + value_start]
    output = array.array("I", [0x950412DE, 0, count, 7 * 4, 7 * 4 + count * 8, 0, 0])
    output.extend(koffsets + voffsets)
    path = ROOT / "locale" / lang / "LC_MESSAGES" / "django.mo"
    path.write_bytes(output.tobytes() + ids + strs)
    return path


def main() -> None:
    for lang, messages in read_tables().items():
        write_po(lang, messages)
        write_mo(lang, messages)
        print(f"{lang}: {len(messages)} messages")


if __name__ == "__main__":
    main()
