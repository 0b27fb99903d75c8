"""The production store: one DynamoDB table, items addressed by partition key `pk`, sort key `sk`.

Every read on a request path is a GetItem or a Query on one partition; nothing scans.
"""

from typing import Any

from chalicelib.sites.model import Site
from chalicelib.storage.port import Store, StoreUnavailable

SITES_PARTITION = "SITES"

# The table as infra/ creates it and as tests create it in moto: keep the two from drifting.
TABLE_DEFINITION: dict[str, Any] = {
    "AttributeDefinitions": [
        {"AttributeName": "pk", "AttributeType": "S"},
        {"AttributeName": "sk", "AttributeType": "S"},
    ],
    "KeySchema": [
        {"AttributeName": "pk", "KeyType": "HASH"},
        {"AttributeName": "sk", "KeyType": "RANGE"},
    ],
    "BillingMode": "PAY_PER_REQUEST",
}
TTL_ATTRIBUTE = "expires_at"


def create_table(client: Any, table_name: str) -> None:
    """Creates the table with its TTL; for tests and a local DynamoDB, infra/ does it in AWS."""
    client.create_table(TableName=table_name, **TABLE_DEFINITION)
    client.get_waiter("table_exists").wait(TableName=table_name)
    client.update_time_to_live(
        TableName=table_name,
        TimeToLiveSpecification={"Enabled": True, "AttributeName": TTL_ATTRIBUTE},
    )


class DynamoStore(Store):
    kind = "dynamodb"

    def __init__(self, table_name: str, client: Any = None) -> None:
        self.table_name = table_name
        self._client = client

    @property
    def client(self) -> Any:
        if self._client is None:
            import boto3  # costs ~300 ms: only when the first request needs it

            self._client = boto3.client("dynamodb")
        return self._client

    def _call(self, operation: str, **kwargs: Any) -> dict:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            return getattr(self.client, operation)(TableName=self.table_name, **kwargs)
        except (ClientError, BotoCoreError) as error:
            raise StoreUnavailable(f"{operation}: {error}") from error

    def ping(self) -> None:
        self._call("describe_table")

    def save_site(self, site: Site) -> None:
        item = {"pk": SITES_PARTITION, "sk": site.id, **site.as_dict()}
        self._call("put_item", Item=_serialize(item))

    def get_site(self, site_id: str) -> Site | None:
        key = _serialize({"pk": SITES_PARTITION, "sk": site_id})
        item = self._call("get_item", Key=key, ConsistentRead=True).get("Item")
        return Site.from_dict(_deserialize(item)) if item else None

    def list_sites(self) -> list[Site]:
        items = self._query_all(
            KeyConditionExpression="pk = :pk",
            ExpressionAttributeValues=_serialize({":pk": SITES_PARTITION}),
            ConsistentRead=True,
        )
        return [Site.from_dict(item) for item in items]

    def _query_all(self, **kwargs: Any) -> list[dict]:
        items: list[dict] = []
        while True:
            page = self._call("query", **kwargs)
            items += [_deserialize(item) for item in page.get("Items", [])]
            if "LastEvaluatedKey" not in page:
                return items
            kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def _serialize(values: dict) -> dict:
    from boto3.dynamodb.types import TypeSerializer

    serializer = TypeSerializer()
    return {key: serializer.serialize(value) for key, value in values.items()}


def _deserialize(item: dict) -> dict:
    from boto3.dynamodb.types import TypeDeserializer

    deserializer = TypeDeserializer()
    return {key: deserializer.deserialize(value) for key, value in item.items()}
