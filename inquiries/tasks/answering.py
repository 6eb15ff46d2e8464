"""Celery tasks (answering): keep the answer index in step with the catalog."""

from celery import shared_task

from csba.dispatch import Task


@shared_task(name=Task.ANSWER_INDEX_UPDATE_PRODUCT, acks_late=True)
def answer_index_update_product_task(product_id: int) -> dict:
    """Re-index one product after it was saved or deleted (idempotent)."""
    from ..answering.services import answer_index_update_product

    return answer_index_update_product(product_id=product_id)
