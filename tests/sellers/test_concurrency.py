"""Concurrent opt-ins of one seller on PostgreSQL: the seller row lock keeps one window."""

import threading

import pytest
from django.db import connection, connections

from csba.errors import DomainError
from sellers.models import Enrollment
from sellers.services import enrollment_opt_in
from tests.factories import T0, SellerFactory

from .factories import invite


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_opt_ins_create_exactly_one_window():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    # given
    seller = SellerFactory()
    invite(seller, "US", now=T0, expires_in=None)  # US opt-in is invitation-only
    outcomes, barrier = [], threading.Barrier(4)

    def opt_in(key):
        try:
            barrier.wait()
            result = enrollment_opt_in(
                seller_id=seller.pk, marketplace_code="US", terms_accepted=True, now=T0, request_key=key
            )
            outcomes.append("created" if result.created else "replayed")
        except DomainError as error:
            outcomes.append(error.code)
        finally:
            connections.close_all()

    # when: four requests at once, two of them replays of the same key
    threads = [threading.Thread(target=opt_in, args=(key,)) for key in ("a", "a", "b", "c")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # then
    assert Enrollment.objects.filter(seller=seller).count() == 1, outcomes
    assert outcomes.count("created") == 1
    assert sorted(set(outcomes) - {"created"}) <= ["already_enrolled", "replayed"]
