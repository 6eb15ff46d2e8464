"""The simulated catalog: kinds of products, the facts a buyer asks about
each, and how a detail page states them in English, German and Japanese.

A product's page carries each fact with the seller's page completeness as
probability (``sellers.quality.page_completeness``); buyers ask about any
fact, so a question about a fact the page lacks is one the answering engine
should escalate — and one an agent cannot answer without the seller.
"""

from __future__ import annotations

from dataclasses import dataclass

from .kinds import KINDS

LANGUAGE_OF_MARKETPLACE = {"US": "en", "DE": "de", "JP": "ja"}
BRANDS = ("Northwind", "Kestrel", "Aozora", "Lindgren", "Maple & Co", "Harbor", "Fuji Lab", "Vela")


@dataclass(frozen=True)
class Fact:
    key: str
    name: str
    value: str
    on_page: bool


@dataclass(frozen=True)
class Page:
    kind: str
    language: str
    title: str
    facts: tuple[Fact, ...]

    def detail_page(self) -> dict:
        """Title, bullets, description and attributes as the Product row holds them."""
        shown = [fact for fact in self.facts if fact.on_page]
        attributes = {fact.name: fact.value for fact in shown[::2]}
        bullets = [_bullet(self.language, fact) for fact in shown[1::2]]
        description = {
            "en": f"{self.title}. Made for everyday use.",
            "de": f"{self.title}. Für den täglichen Gebrauch.",
            "ja": f"{self.title}。毎日使える定番アイテムです。",
        }[self.language]
        return {"title": self.title, "bullets": bullets, "description": description, "attributes": attributes}


def _bullet(language: str, fact: Fact) -> str:
    name = fact.name[0].upper() + fact.name[1:] if language != "ja" else fact.name
    return {"en": f"{name}: {fact.value}", "de": f"{name}: {fact.value}", "ja": f"{name}：{fact.value}"}[language]


def page_new(kind: str, language: str, *, brand: str, value_choice: list[int], on_page: list[bool]) -> Page:
    """A product of ``kind`` with one value per fact (index into its values) and which facts its page shows."""
    spec = KINDS[kind]
    facts = tuple(
        Fact(key, names[language], values[language][value_choice[n] % len(values[language])], on_page[n])
        for n, (key, names, values, _) in enumerate(spec["facts"])
    )
    return Page(kind, language, f"{brand} {spec['title'][language]}", facts)


def questions(kind: str, fact_index: int, language: str) -> list[str]:
    return list(KINDS[kind]["facts"][fact_index][3][language])
