"""HTML mail to readable text: paragraphs and line breaks kept, scripts,
styles and the document head dropped, ``<blockquote>`` rendered with "> "
so the quote stripper treats quoted HTML mail like plain-text history (the
"On … wrote:" line of Gmail and Outlook's "From: … Sent: …" block come out
as plain lines and are recognised there)."""

from __future__ import annotations

import re
import warnings

from bs4 import BeautifulSoup, Comment, Declaration, Doctype, NavigableString, ProcessingInstruction, Tag

DROPPED = {
    "script",
    "style",
    "head",
    "title",
    "meta",
    "link",
    "noscript",
    "template",
    "svg",
    "object",
    "iframe",
    "button",
    "select",
    "input",
    "textarea",
    "map",
    "canvas",
    "audio",
    "video",
}
BLOCKS = {
    "p",
    "div",
    "section",
    "article",
    "header",
    "footer",
    "main",
    "aside",
    "nav",
    "form",
    "fieldset",
    "address",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "center",
    "figure",
    "figcaption",
    "caption",
    "details",
    "summary",
    "body",
    "html",
}
MAX_DEPTH = 150


def html_to_text(markup: str) -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        soup = BeautifulSoup(markup, "html.parser")
    out: list[str] = []
    _render(soup, out, depth=0, pre=False)
    return tidy("".join(out))


def _render(node, out: list[str], *, depth: int, pre: bool) -> None:
    for child in node.children:
        if isinstance(child, (Comment, Declaration, Doctype, ProcessingInstruction)):
            continue
        if isinstance(child, NavigableString):
            text = str(child)
            out.append(text if pre else re.sub(r"[ \t\r\n\f\v]+", " ", text))
            continue
        if not isinstance(child, Tag):
            continue
        name = (child.name or "").lower()
        if name in DROPPED:
            continue
        if depth > MAX_DEPTH:  # Pathologically nested markup: flat text is enough.
            out.append(" " + child.get_text(" ") + " ")
            continue
        if name == "br":
            out.append("\n")
        elif name == "hr":
            out.append("\n\n")
        elif name == "img":
            alt = (child.get("alt") or "").strip() if isinstance(child.get("alt"), str) else ""
            if alt:
                out.append(f"[{alt}]")
        elif name == "blockquote":
            inner: list[str] = []
            _render(child, inner, depth=depth + 1, pre=pre)
            lines = tidy("".join(inner)).splitlines()
            out.append("\n" + "\n".join("> " + line if line else ">" for line in lines) + "\n")
        elif name == "li":
            out.append("\n- ")
            _render(child, out, depth=depth + 1, pre=pre)
        elif name in ("td", "th"):
            _render(child, out, depth=depth + 1, pre=pre)
            out.append("  ")
        elif name == "pre":
            out.append("\n")
            _render(child, out, depth=depth + 1, pre=True)
            out.append("\n")
        elif name in BLOCKS:
            out.append("\n")
            _render(child, out, depth=depth + 1, pre=pre)
            out.append("\n" + ("\n" if name in ("p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol") else ""))
        else:
            _render(child, out, depth=depth + 1, pre=pre)


def tidy(text: str) -> str:
    """One space at most inside a line, no trailing blanks, at most one empty
    line in a row, no leading or trailing empty lines."""
    lines = [
        re.sub(r"[ \t\u00a0]+", " ", line).strip()
        for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    ]
    result: list[str] = []
    for line in lines:
        if not line and (not result or not result[-1]):
            continue
        result.append(line)
    return "\n".join(result).strip("\n")
