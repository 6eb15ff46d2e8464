"""Signal receivers. They hold no business logic: each enqueues a task on commit."""

import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from csba.dispatch import Task, send
from sellers.models import Product

logger = logging.getLogger(__name__)


def _enqueue_reindex(product_id: int) -> None:
    try:
        send(Task.ANSWER_INDEX_UPDATE_PRODUCT, product_id)
    except Exception:  # the index is derived data: a lost update is repaired by rebuild_answer_index
        logger.exception("could not enqueue the answer index update of product %s", product_id)


@receiver(post_save, sender=Product, dispatch_uid="answer_index_product_saved")
@receiver(post_delete, sender=Product, dispatch_uid="answer_index_product_deleted")
def product_changed_reindex(sender, instance, **kwargs):
    """A product page saved (admin, seller, import) or deleted: re-index it once committed."""
    product_id = instance.pk
    transaction.on_commit(lambda: _enqueue_reindex(product_id), robust=True)
