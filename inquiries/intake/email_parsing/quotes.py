"""The new text of a reply: quoted history and signatures removed.

History starts at the first of: an attribution line ("On … wrote:", "Am …
schrieb …:", "… のメッセージ:", Gmail's Japanese "2026年3月10日(火) 9:00 名前
<addr>:"), an Outlook separator ("-----Original Message-----",
"-----Ursprüngliche Nachricht-----") or an Outlook header block ("From:/Von:/
差出人:" followed by "Sent:/Gesendet:/送信日時:" …). Lines starting with ">"
are quoted wherever they are (inline replies keep the buyer's own lines).
A signature starts at the "-- " delimiter; a lone mobile footer ("Sent from
my iPhone") is dropped too.
"""

from __future__ import annotations

import re

SEPARATOR = re.compile(
    r"^\s*[-_=*]{2,}\s*(original message|ursprüngliche nachricht|original-nachricht|originalnachricht|"
    r"元のメッセージ|オリジナル メッセージ|reply message|message d'origine)\s*[-_=*]{2,}\s*$",
    re.IGNORECASE,
)
# "On Tue, 10 Mar 2026 at 09:00, CSBA <support@example.com> wrote:" and its German and Japanese kin.
ATTRIBUTION = [
    re.compile(r"^\s*On\b.{4,300}\bwrote:\s*$", re.IGNORECASE),
    re.compile(r"^\s*Am\b.{4,300}\bschrieb\b.{0,200}:\s*$", re.IGNORECASE),
    re.compile(r"^.{2,300}\b(?:wrote|schrieb|a écrit|escribió|ha scritto)\s*:\s*$", re.IGNORECASE),
    re.compile(r"^.{2,300}(?:のメッセージ|のメール|さんは書きました|は書きました|からのメッセージ|wrote)\s*[:：]\s*$"),
    re.compile(r"^\s*\d{4}年\s*\d{1,2}月\s*\d{1,2}日.{0,200}<[^<>\s]+@[^<>\s]+>\s*[:：]\s*$"),
    re.compile(r"^\s*\d{4}[/.-]\d{1,2}[/.-]\d{1,2}.{0,200}@.{0,200}[:：]\s*$"),
]
HEADER_FROM = re.compile(r"^\s*\**\s*(From|Von|差出人|送信者|De|Van)\s*\**\s*[:：]", re.IGNORECASE)
HEADER_OTHER = re.compile(
    r"^\s*\**\s*(Sent|Date|To|Cc|Subject|Gesendet|Datum|An|Betreff|Kopie|送信日時|日付|宛先|件名|Envoyé|Objet|À)\s*\**\s*[:：]",
    re.IGNORECASE,
)
FORWARD_MARKER = re.compile(
    r"^\s*[-_=*]{2,}\s*(forwarded message|weitergeleitete nachricht|転送されたメッセージ|begin forwarded message)",
    re.IGNORECASE,
)
FORWARD_SUBJECT = re.compile(r"^\s*(fwd?|wg|tr|wtr|転送)\s*[:：]", re.IGNORECASE)
MOBILE_FOOTER = re.compile(
    r"^\s*(sent from my \w+|von meinem \w+ gesendet|gesendet von meinem \w+|\w+\s*から送信|get outlook for \w+)",
    re.IGNORECASE,
)
QUOTED = re.compile(r"^\s*>")
DIGIT_OR_ADDRESS = re.compile(r"\d|@")


def _is_attribution(line: str) -> bool:
    # A real attribution names a date or an address: "On Monday I wrote:" is the buyer's text.
    return bool(DIGIT_OR_ADDRESS.search(line)) and any(pattern.match(line) for pattern in ATTRIBUTION)


def header_block_at(lines: list[str], index: int) -> bool:
    """Outlook's "From: … / Sent: … / To: … / Subject: …" block."""
    if not HEADER_FROM.match(lines[index]):
        return False
    following = [line for line in lines[index + 1 : index + 7] if line.strip()]
    return sum(1 for line in following[:5] if HEADER_OTHER.match(line)) >= 2


def history_start(lines: list[str]) -> int | None:
    """The index of the first line of quoted history, or None."""
    for index, line in enumerate(lines):
        if SEPARATOR.match(line) or header_block_at(lines, index):
            return _with_rule_above(lines, index)
        if _is_attribution(line):
            return index
        if index + 1 < len(lines) and line.strip() and not QUOTED.match(line):
            # Clients wrap long attribution lines: "On …, CSBA <\nsupport@example.com> wrote:".
            joined = f"{line.rstrip()} {lines[index + 1].strip()}"
            if len(line) > 20 and _is_attribution(joined) and not _is_attribution(lines[index + 1]):
                return index
    return None


def _with_rule_above(lines: list[str], index: int) -> int:
    """Outlook puts a "____" rule above its header block: it belongs to the history."""
    above = index - 1
    while above >= 0 and not lines[above].strip():
        above -= 1
    if above >= 0 and re.fullmatch(r"\s*[_\-=]{8,}\s*", lines[above]):
        return above
    return index


def is_forward(subject: str, text: str) -> bool:
    return bool(FORWARD_SUBJECT.match(subject or "")) or any(
        FORWARD_MARKER.match(line) for line in text.splitlines()[:40]
    )


def strip_signature(lines: list[str]) -> list[str]:
    for index, line in enumerate(lines):
        if line.rstrip() == "--" and index > 0:
            return lines[:index]
    return lines


def strip_quoted(text: str) -> str:
    """The new text of a message: history, ">" lines and signature removed."""
    lines = text.split("\n")
    start = history_start(lines)
    if start is not None:
        lines = lines[:start]
    lines = [line for line in lines if not QUOTED.match(line)]
    lines = strip_signature(lines)
    while lines and not lines[-1].strip():
        lines.pop()
    if lines and MOBILE_FOOTER.match(lines[-1]):
        lines.pop()
    return _squeeze("\n".join(lines))


def _squeeze(text: str) -> str:
    text = re.sub(r"\n[ \t]*\n(?:[ \t]*\n)+", "\n\n", text)
    return text.strip()
