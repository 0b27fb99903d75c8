"""The cheaper rollback `make simulate` runs moto with must leave what moto's own leaves."""

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws

from tests.moto_server import item_rollback
from tests.stack import create_table


@pytest.fixture
def client(monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "x")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "x")
    with mock_aws(), item_rollback():
        client = boto3.client("dynamodb", region_name="eu-central-1")
        create_table(client, "t")
        yield client


def item(client, pk: str) -> dict | None:
    return client.get_item(TableName="t", Key={"pk": {"S": pk}, "sk": {"S": "-"}}).get("Item")


def put(pk: str, value: str, condition: str | None = None) -> dict:
    op: dict = {"TableName": "t", "Item": {"pk": {"S": pk}, "sk": {"S": "-"}, "v": {"S": value}}}
    if condition:
        op["ConditionExpression"] = condition
    return {"Put": op}


def test_a_cancelled_transaction_leaves_new_and_overwritten_items_as_they_were(client):
    client.put_item(TableName="t", Item=put("kept", "before")["Put"]["Item"])
    client.put_item(TableName="t", Item=put("taken", "x")["Put"]["Item"])

    with pytest.raises(ClientError, match="TransactionCanceled"):
        client.transact_write_items(
            TransactItems=[
                put("new", "1"),
                put("kept", "after"),
                put("taken", "y", "attribute_not_exists(pk)"),
            ]
        )

    assert item(client, "new") is None
    assert item(client, "kept")["v"] == {"S": "before"}
    assert item(client, "taken")["v"] == {"S": "x"}


def test_a_transaction_whose_conditions_hold_writes_every_item(client):
    client.transact_write_items(
        TransactItems=[put("a", "1"), put("b", "2", "attribute_not_exists(pk)")]
    )

    assert (item(client, "a")["v"], item(client, "b")["v"]) == ({"S": "1"}, {"S": "2"})
