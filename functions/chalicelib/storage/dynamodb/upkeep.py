"""What every domain needs kept: the health check, rate tokens, one-time keys, expiry."""

import json
from datetime import datetime

from chalicelib.clock import epoch
from chalicelib.ports import Upkeep
from chalicelib.storage.dynamodb.table import FREE, OnTable, item_key, put, serialize


class DynamoUpkeep(OnTable, Upkeep):
    def ping(self) -> None:
        self.table.call("describe_table")

    def take_rate_token(self, key: str, window: str, limit: int, expires_at: datetime) -> bool:
        taken = self.table.update_if(
            Key=item_key(f"RATE#{key}", window),
            UpdateExpression="ADD #count :one SET expires_at = :expires",
            ConditionExpression="attribute_not_exists(#count) OR #count < :limit",
            ExpressionAttributeNames={"#count": "count"},
            ExpressionAttributeValues=serialize(
                {":one": 1, ":limit": limit, ":expires": epoch(expires_at)}
            ),
        )
        return taken is not None and limit > 0

    def remember_once(self, key: str, expires_at: datetime, now: datetime) -> bool:
        item = {"pk": f"ONCE#{key}", "sk": "-", "expires_at": epoch(expires_at)}
        return not self.table.transact([put(item, FREE, now)])

    def purge_expired(self, now: datetime) -> int:
        return 0  # every item that expires carries `expires_at`, and the table's TTL deletes it

    def save_figures(self, snapshot: dict) -> None:
        # One item, replaced whole: the API reads it with one GetItem. A snapshot of every
        # office and service is some tens of kilobytes, far below DynamoDB's 400 KB an item.
        self.table.put({"pk": "FIGURES", "sk": "LATEST", "doc": json.dumps(snapshot)})

    def latest_figures(self) -> dict | None:
        item = self.table.get("FIGURES", "LATEST")
        return json.loads(item["doc"]) if item else None
