"""A DynamoDB transaction that meets another one on the same item is run again; nothing else is.

Real DynamoDB cancels such a transaction with TransactionConflict; moto never does, so these tests
give a real botocore client its answers with botocore's Stubber (no request leaves the process).
"""

import itertools

import boto3
import pytest
from botocore.stub import Stubber

from chalicelib.errors import StoreUnavailable
from chalicelib.storage.dynamodb.table import TRANSACT_ATTEMPTS, Table

WRITES = [{"Put": {"Item": {"pk": {"S": "QLINES#waw#2026-12-07"}, "sk": {"S": "-"}}}}]


@pytest.fixture
def stubbed():
    client = boto3.client(
        "dynamodb",
        region_name="eu-central-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )
    with Stubber(client) as stubber:
        pauses: list[float] = []
        yield Table("blizej", client, pause=pauses.append), stubber, pauses


def cancelled(stubber: Stubber, *codes: str) -> None:
    stubber.add_client_error(
        "transact_write_items",
        service_error_code="TransactionCanceledException",
        service_message="Transaction cancelled",
        modeled_fields={"CancellationReasons": [{"Code": code} for code in codes]},
    )


def test_a_transaction_cancelled_by_a_conflict_is_run_again_until_it_goes_through(stubbed):
    table, stubber, pauses = stubbed
    cancelled(stubber, "TransactionConflict")
    cancelled(stubber, "None", "TransactionConflict")
    stubber.add_response("transact_write_items", {})

    failed = table.transact([dict(write) for write in WRITES])

    assert failed == set()
    assert len(pauses) == 2
    stubber.assert_no_pending_responses()


def test_a_failed_condition_is_an_answer_and_is_not_run_again(stubbed):
    table, stubber, pauses = stubbed
    cancelled(stubber, "None", "ConditionalCheckFailed")

    failed = table.transact([dict(write) for write in WRITES])

    assert failed == {1}
    assert pauses == []


def test_a_conflict_that_does_not_clear_becomes_store_unavailable(stubbed):
    table, stubber, pauses = stubbed
    for _ in range(TRANSACT_ATTEMPTS):
        cancelled(stubber, "TransactionConflict")

    with pytest.raises(StoreUnavailable):
        table.transact([dict(write) for write in WRITES])

    assert len(pauses) == TRANSACT_ATTEMPTS - 1
    stubber.assert_no_pending_responses()


def test_the_pauses_between_attempts_grow(stubbed):
    table, stubber, pauses = stubbed
    for _ in range(TRANSACT_ATTEMPTS - 1):
        cancelled(stubber, "TransactionConflict")
    stubber.add_response("transact_write_items", {})

    table.transact([dict(write) for write in WRITES])

    assert all(later > earlier for earlier, later in itertools.pairwise(pauses))


def test_a_cancellation_for_another_reason_is_not_run_again(stubbed):
    table, stubber, pauses = stubbed
    cancelled(stubber, "ThrottlingError")

    with pytest.raises(StoreUnavailable):
        table.transact([dict(write) for write in WRITES])

    assert pauses == []
