"""Writes to the answer index: one product after an edit, or the whole catalog."""

from __future__ import annotations

from sellers.models import Product

from . import index


def answer_index_update_product(*, product_id: int, embed: bool = True) -> dict:
    """Re-index one product from its current row (a product gone is removed).
    Idempotent: running it twice leaves the same statistics. Embeds the new
    English passages (cached by text) so the first question is fast."""
    product = Product.objects.select_related("marketplace").filter(pk=product_id).first()
    if product is None:
        return index.update_product(product_id=product_id, language="en", page=None)
    language = index.product_language(product)
    return index.update_product(
        product_id=product.pk,
        language=language,
        page=product.as_detail_page(),
        embed=embed and language == "en" and _semantic_on(),
    )


def answer_index_rebuild(*, embed: bool = True, progress=None, batch_size: int = 2000) -> dict:
    """Rebuild the index from the whole catalog, streaming products in pk
    order (plain rows, no model instances: the 100,000-product build is
    dominated by analysis, not by the ORM)."""
    from .text import language_of

    rows = Product.objects.order_by("pk").values_list(
        "pk", "language", "marketplace__buyer_languages", "asin", "title", "bullets", "description", "attributes"
    )

    def pages():
        for pk, language, buyer_languages, asin, title, bullets, description, attributes in rows.iterator(
            chunk_size=batch_size
        ):
            language = language_of(language or (buyer_languages[0] if buyer_languages else "en"))
            yield (
                pk,
                language,
                Product(
                    asin=asin, title=title, bullets=bullets, description=description, attributes=attributes
                ).as_detail_page(),
            )

    return index.rebuild(pages(), embed=embed and _semantic_on(), progress=progress)


def _semantic_on() -> bool:
    from .engine import semantic_enabled

    return semantic_enabled("en")
