"""The one DynamoDB table every adapter uses: items addressed by partition key `pk`, sort key `sk`.

Every read on a request path is a GetItem or a Query on one partition; nothing scans there.
boto3 is imported only when the first call needs it (it alone costs ~300 ms of a cold start).
"""

import random
import time as clock_time
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from chalicelib.clock import epoch
from chalicelib.errors import StoreUnavailable

# Spent items carry this attribute; the TTL set in infra/resources.yml lets DynamoDB delete them.
TTL_ATTRIBUTE = "expires_at"

# A key is free when nothing holds it or its holder has expired: the negation of
# `appointments.model.still_taken`, in a condition so that taking the key stays atomic.
FREE = "attribute_not_exists(pk) OR expires_at <= :now"

# DynamoDB cancels a transaction that meets another one on the same item at the same moment
# (TransactionConflict): nothing of it was written, so it is safe to run again, and at a busy
# office's peak (every ticket and call changes its day's line sizes) it will happen. The SDK does
# not retry it. A failed condition is an answer, not a conflict, and is never retried.
TRANSACT_ATTEMPTS = 5
FIRST_PAUSE_SECONDS = 0.02


class Table:
    """The table's name, its lazily made client, and the calls every adapter makes on it."""

    def __init__(
        self, name: str, client: Any = None, pause: Callable[[float], None] = clock_time.sleep
    ) -> None:
        self.name = name
        self._client = client
        self.pause = pause

    @property
    def client(self) -> Any:
        if self._client is None:
            import boto3

            self._client = boto3.client("dynamodb")
        return self._client

    def call(self, operation: str, **kwargs: Any) -> dict:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            return getattr(self.client, operation)(TableName=self.name, **kwargs)
        except (ClientError, BotoCoreError) as error:
            raise StoreUnavailable(f"{operation}: {error}") from error

    def update_if(self, **kwargs: Any) -> dict | None:
        """An UpdateItem with a condition: its answer, or None when the condition did not hold."""
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            return self.client.update_item(TableName=self.name, **kwargs)
        except ClientError as error:
            if error.response["Error"]["Code"] == "ConditionalCheckFailedException":
                return None
            raise StoreUnavailable(str(error)) from error
        except BotoCoreError as error:
            raise StoreUnavailable(str(error)) from error

    def transact(self, writes: list[dict]) -> set[int]:
        """Runs the writes as one transaction; the indexes of the writes whose condition failed.

        A transaction cancelled only because another one touched the same item at once is run
        again, after a short pause that doubles each time (± 25 %, so racing writers part), up to
        TRANSACT_ATTEMPTS times in all.
        """
        from botocore.exceptions import BotoCoreError, ClientError

        for write in writes:
            next(iter(write.values()))["TableName"] = self.name
        for attempt in range(1, TRANSACT_ATTEMPTS + 1):
            try:
                self.client.transact_write_items(TransactItems=writes)
                return set()
            except ClientError as error:
                if error.response["Error"]["Code"] != "TransactionCanceledException":
                    raise StoreUnavailable(str(error)) from error
                codes = [r.get("Code") for r in error.response.get("CancellationReasons", [])]
                failed = {i for i, code in enumerate(codes) if code == "ConditionalCheckFailed"}
                if failed:
                    return failed
                if "TransactionConflict" not in codes or attempt == TRANSACT_ATTEMPTS:
                    raise StoreUnavailable(str(error)) from error
            except BotoCoreError as error:
                raise StoreUnavailable(str(error)) from error
            self.pause(FIRST_PAUSE_SECONDS * 2 ** (attempt - 1) * random.uniform(0.75, 1.25))
        raise AssertionError("unreachable: the last attempt returns or raises")

    def put(self, item: dict) -> None:
        self.call("put_item", Item=serialize(item))

    def get(self, pk: str, sk: str) -> dict | None:
        item = self.call("get_item", Key=item_key(pk, sk), ConsistentRead=True).get("Item")
        return deserialize(item) if item else None

    def delete(self, pk: str, sk: str) -> None:
        self.call("delete_item", Key=item_key(pk, sk))

    def partition(self, pk: str) -> list[dict]:
        return self.query_all(
            KeyConditionExpression="pk = :pk",
            ExpressionAttributeValues=serialize({":pk": pk}),
            ConsistentRead=True,
        )

    def query_all(self, **kwargs: Any) -> list[dict]:
        return self._pages("query", kwargs)

    def scan_all(self, **kwargs: Any) -> list[dict]:
        """Every item matching the filter, page after page: for staff commands, never a request."""
        return self._pages("scan", kwargs)

    def _pages(self, operation: str, kwargs: dict[str, Any]) -> list[dict]:
        items: list[dict] = []
        while True:
            page = self.call(operation, **kwargs)
            items += [deserialize(item) for item in page.get("Items", [])]
            if "LastEvaluatedKey" not in page:
                return items
            kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]


class OnTable:
    """An adapter over the shared table; tests read raw items through `client` and `table_name`."""

    def __init__(self, table: Table) -> None:
        self.table = table

    @property
    def client(self) -> Any:
        return self.table.client

    @property
    def table_name(self) -> str:
        return self.table.name


def day_expiry(day: str, after: timedelta) -> int:
    """The TTL instant `after` the UTC midnight that starts `day` (an ISO date)."""
    return epoch(datetime.combine(date.fromisoformat(day), time(), UTC) + after)


def item_key(pk: str, sk: str) -> dict:
    return serialize({"pk": pk, "sk": sk})


def put(
    item: dict,
    condition: str,
    now: datetime | None = None,
    names: dict | None = None,
    values: dict | None = None,
) -> dict:
    """A conditional Put for `Table.transact`; `now` fills `:now` (as in `FREE`)."""
    write: dict[str, Any] = {"Item": serialize(item), "ConditionExpression": condition}
    values = dict(values or {})
    if now is not None:
        values[":now"] = epoch(now)
    if values:
        write["ExpressionAttributeValues"] = serialize(values)
    if names:
        write["ExpressionAttributeNames"] = names
    return {"Put": write}


def delete(pk: str, sk: str, condition: str | None = None, values: dict | None = None) -> dict:
    """A Delete for `Table.transact`, conditional when `condition` is given."""
    write: dict[str, Any] = {"Key": item_key(pk, sk)}
    if condition:
        write["ConditionExpression"] = condition
    if values:
        write["ExpressionAttributeValues"] = serialize(values)
    return {"Delete": write}


def serialize(values: dict) -> dict:
    from boto3.dynamodb.types import TypeSerializer

    serializer = TypeSerializer()
    return {name: serializer.serialize(value) for name, value in values.items()}


def deserialize(item: dict) -> dict:
    from boto3.dynamodb.types import TypeDeserializer

    deserializer = TypeDeserializer()
    return {name: deserializer.deserialize(value) for name, value in item.items()}
