"""The index follows the catalog: an edited product is answerable with its
new text, via a task on commit; the full rebuild gives the same statistics."""

import pytest

from inquiries.answering import index
from inquiries.answering.live import answer_for_product
from inquiries.answering.services import answer_index_rebuild
from inquiries.tasks.answering import answer_index_update_product_task
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def df(term: str) -> int:
    stats = index.statistics("en", [term])
    return stats.df.get(term, 0) if stats else 0


def test_saving_a_product_reindexes_it_on_commit(django_capture_on_commit_callbacks):
    # given an indexed catalog
    product = ProductFactory(bullets=["Keeps drinks cold for 24 hours"], attributes={"color": "blue"})
    ProductFactory(title="Yoga mat", bullets=["Non-slip surface"], description="", attributes={"thickness": "6 mm"})
    answer_index_rebuild()
    assert df("titanium") == 0
    before = answer_for_product(product=product, question="Is the lid made of titanium?", language="en")
    # (the page's material passage, "made of 18/8 stainless steel", is what it can quote)
    assert not any("titanium" in e["text"].lower() for e in before["evidence"])
    # when the seller edits the page (as the admin does: save, then commit)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        product.bullets = ["Keeps drinks cold for 24 hours", "The lid is made of titanium"]
        product.save()
    # then the re-index task ran on commit (eagerly in tests) and the new text answers
    assert len(callbacks) == 1
    assert df("titanium") == 1
    after = answer_for_product(product=product, question="Is the lid made of titanium?", language="en")
    assert after["decision"] == "answer"
    assert after["evidence"][0]["text"] == "The lid is made of titanium"


def test_no_task_runs_when_the_edit_is_rolled_back(django_capture_on_commit_callbacks):
    product = ProductFactory()
    answer_index_rebuild()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        product.bullets = ["Titanium lid"]
        product.save()
    # the callbacks were captured but (rolled back) never executed
    assert len(callbacks) == 1
    assert df("titanium") == 0


def test_incremental_updates_end_where_a_full_rebuild_ends():
    products = [ProductFactory(), ProductFactory(title="Yoga mat", bullets=["Non-slip"], attributes={"color": "red"})]
    answer_index_rebuild()
    products[0].bullets = ["Titanium lid", "Keeps drinks cold"]
    products[0].save()
    answer_index_update_product_task(products[0].pk)
    answer_index_update_product_task(products[0].pk)  # twice: idempotent
    deleted_id = products[1].pk
    products[1].delete()
    answer_index_update_product_task(deleted_id)
    incremental = index.statistics("en", ["titanium", "yoga", "cold", "bottl"])
    answer_index_rebuild()
    rebuilt = index.statistics("en", ["titanium", "yoga", "cold", "bottl"])
    assert (incremental.passages, incremental.total_length, incremental.df) == (
        rebuilt.passages,
        rebuilt.total_length,
        rebuilt.df,
    )
    assert rebuilt.df.get("yoga", 0) == 0 and rebuilt.df["titanium"] == 1
    assert index.indexed_products() == 1


def test_rebuild_command_reports_what_it_indexed(capsys):
    ProductFactory()
    from django.core.management import call_command

    call_command("rebuild_answer_index", "--no-embed")
    assert "Answer index rebuilt: 1 products" in capsys.readouterr().out
