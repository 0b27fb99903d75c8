"""Case records (events, access codes, quarantine) and the lookups' counts and audit trail.

A case is one partition, CASE#<number>: its ACCESS item and one EVENT#<instant>#<id> item per
event. An EVENT#<id> marker keeps each event id unique across cases and instants.
"""

from datetime import UTC, datetime
from typing import Any

from chalicelib import retention
from chalicelib.cases.model import MAX_EVENTS_PER_BATCH, CaseAccess, CaseEvent
from chalicelib.cases.ports import CaseRecords, Lookups
from chalicelib.clock import epoch, format_instant
from chalicelib.errors import StoreUnavailable
from chalicelib.storage import codec
from chalicelib.storage.dynamodb.table import (
    OnTable,
    delete,
    deserialize,
    item_key,
    put,
    serialize,
)

EVENTS = "EVENT#"
QUARANTINE = "QUARANTINE#"


class DynamoCaseRecords(OnTable, CaseRecords):
    def record_case_batch(
        self, events: list[CaseEvent], accesses: list[CaseAccess], retain_until: datetime
    ) -> set[str]:
        if len(events) > MAX_EVENTS_PER_BATCH:
            raise ValueError(f"at most {MAX_EVENTS_PER_BATCH} events in one batch")
        expires = epoch(retain_until)
        writes = []
        for event in events:
            writes += [
                put(_event_marker(event.id, expires), "attribute_not_exists(pk)"),
                put(_event_item(event, expires), "attribute_not_exists(pk)"),
            ]
        writes += [{"Put": {"Item": serialize(_access_item(a, expires))}} for a in accesses]
        if not writes:
            return set()
        # One transaction (at most 100 writes, see MAX_EVENTS_PER_BATCH): all or nothing.
        return {events[index // 2].id for index in self.table.transact(writes)}

    def set_case_retention(self, case_number: str, retain_until: datetime) -> None:
        expires = serialize({":expires": epoch(retain_until)})
        for item in self.table.partition(f"CASE#{case_number}"):
            keys = [(item["pk"], item["sk"])]
            if item["sk"].startswith((EVENTS, QUARANTINE)):
                keys.append((f"EVENT#{item['id']}", "-"))
            for pk, sk in keys:
                self.table.call(
                    "update_item",
                    Key=item_key(pk, sk),
                    UpdateExpression="SET expires_at = :expires",
                    ExpressionAttributeValues=expires,
                )

    def case_events(self, case_number: str) -> list[CaseEvent]:
        return codec.readable_events(self._case_items(case_number, EVENTS))

    def save_case_access(self, access: CaseAccess) -> None:
        # An update, not a put: the access keeps the deletion time its case's events set
        # (`set_case_retention`) when the access itself names none.
        fields = codec.access_to_dict(access)
        if access.retain_until:
            fields["expires_at"] = epoch(access.retain_until)
        names = {f"#f{i}": name for i, name in enumerate(fields)}
        self.table.call(
            "update_item",
            Key=item_key(f"CASE#{access.case_number}", "ACCESS"),
            UpdateExpression="SET " + ", ".join(f"{n} = :{n[1:]}" for n in names),
            ExpressionAttributeNames=names,
            ExpressionAttributeValues=serialize({f":{n[1:]}": fields[v] for n, v in names.items()}),
        )

    def get_case_access(self, case_number: str) -> CaseAccess | None:
        item = self.table.get(f"CASE#{case_number}", "ACCESS")
        return codec.access_from_dict(item) if item else None

    def case_event_records(self) -> list[dict]:
        return [codec.event_record(item) for item in self._scan_case_items(EVENTS)]

    def quarantine_case_event(
        self, case_number: str, event_id: str, reason: str, at: datetime
    ) -> bool:
        live = next((i for i in self._case_items(case_number, EVENTS) if i["id"] == event_id), None)
        if live is None:
            return False
        kept = live | {
            "sk": f"{QUARANTINE}{event_id}",
            "live_sk": live["sk"],
            "reason": reason,
            "quarantined_at": format_instant(at),
        }
        return not self.table.transact(
            [
                delete(live["pk"], live["sk"], "attribute_exists(pk)"),
                put(kept, "attribute_not_exists(pk)"),
            ]
        )

    def quarantined_case_events(self) -> list[dict]:
        return [
            codec.event_record(item)
            | {"reason": item["reason"], "quarantined_at": item["quarantined_at"]}
            for item in self._scan_case_items(QUARANTINE)
        ]

    def restore_case_event(self, case_number: str, event_id: str) -> bool:
        kept = self.table.get(f"CASE#{case_number}", f"{QUARANTINE}{event_id}")
        if kept is None:
            return False
        live = {k: v for k, v in kept.items() if k not in ("live_sk", "reason", "quarantined_at")}
        live["sk"] = kept["live_sk"]
        return not self.table.transact(
            [
                delete(kept["pk"], kept["sk"], "attribute_exists(pk)"),
                put(live, "attribute_not_exists(pk)"),
            ]
        )

    def delete_quarantined_case_event(self, case_number: str, event_id: str) -> bool:
        key = (f"CASE#{case_number}", f"{QUARANTINE}{event_id}")
        if self.table.get(*key) is None:
            return False
        return not self.table.transact(
            [delete(*key, "attribute_exists(pk)"), delete(f"EVENT#{event_id}", "-")]
        )

    def _case_items(self, case_number: str, kind: str) -> list[dict]:
        """The case's items whose sort key starts with `kind`: one Query on its partition."""
        return self.table.query_all(
            KeyConditionExpression="pk = :pk AND begins_with(sk, :kind)",
            ExpressionAttributeValues=serialize({":pk": f"CASE#{case_number}", ":kind": kind}),
            ConsistentRead=True,
        )

    def _scan_case_items(self, kind: str) -> list[dict]:
        """Every case item whose sort key starts with `kind`: a Scan, for staff commands only."""
        items = self.table.scan_all(
            FilterExpression="begins_with(pk, :case) AND begins_with(sk, :kind)",
            ExpressionAttributeValues=serialize({":case": "CASE#", ":kind": kind}),
            ConsistentRead=True,
        )
        return sorted(items, key=lambda item: (item["pk"], item["sk"]))


class DynamoLookups(OnTable, Lookups):
    def add_lookup_failure(self, key: str, now: datetime, keep_until: datetime) -> int:
        pk, keep = f"LOOKUPS#{key}", epoch(keep_until)
        for _attempt in range(5):
            counted = self.table.update_if(
                Key=item_key(pk, "-"),
                UpdateExpression="ADD #count :one"
                " SET latest = :latest, keep_until = :keep, expires_at = :keep",
                ConditionExpression="keep_until > :now",
                ExpressionAttributeNames={"#count": "count"},
                ExpressionAttributeValues=serialize(
                    {":one": 1, ":latest": epoch(now), ":keep": keep, ":now": epoch(now)}
                ),
                ReturnValues="UPDATED_NEW",
            )
            if counted is not None:
                return int(deserialize(counted["Attributes"])["count"])
            # No count yet, or only a lapsed one: start again at 1, unless another request did.
            fresh: dict[str, Any] = {"pk": pk, "sk": "-", "count": 1, "latest": epoch(now)}
            fresh |= {"keep_until": keep, "expires_at": keep}
            if not self.table.transact(
                [put(fresh, "attribute_not_exists(pk) OR keep_until <= :now", now)]
            ):
                return 1
        raise StoreUnavailable("wrong codes could not be counted")

    def lookup_failures(self, key: str, now: datetime) -> tuple[int, datetime | None]:
        item = self.table.get(f"LOOKUPS#{key}", "-")
        if item is None or item["keep_until"] <= epoch(now):
            return 0, None
        return int(item["count"]), datetime.fromtimestamp(int(item["latest"]), UTC)

    def clear_lookup_failures(self, key: str) -> None:
        self.table.delete(f"LOOKUPS#{key}", "-")

    def audit_lookup(self, at: datetime, case_hash: str, client_hash: str, outcome: str) -> None:
        import uuid

        item = {
            "pk": f"AUDIT#{format_instant(at)[:10]}",
            "sk": f"{format_instant(at)}#{uuid.uuid4().hex}",
            "at": format_instant(at),
            "case_hash": case_hash,
            "client_hash": client_hash,
            "outcome": outcome,
            "expires_at": epoch(at + retention.LOOKUP_AUDIT),
        }
        self.table.put(item)

    def lookup_audit(self, day: str) -> list[dict]:
        keys = ("at", "case_hash", "client_hash", "outcome")
        return [{k: item[k] for k in keys} for item in self.table.partition(f"AUDIT#{day}")]


def _event_marker(event_id: str, expires_at: int) -> dict:
    """The item that keeps an event id unique across cases and occurrence times."""
    return {"pk": f"EVENT#{event_id}", "sk": "-", "expires_at": expires_at}


def _event_item(event: CaseEvent, expires_at: int) -> dict:
    return {
        "pk": f"CASE#{event.case_number}",
        "sk": f"EVENT#{format_instant(event.occurred_at)}#{event.id}",
        **codec.event_to_dict(event),
        "expires_at": expires_at,
    }


def _access_item(access: CaseAccess, case_expires: int) -> dict:
    """The access record, deleted with the case's events unless it names its own time."""
    expires = epoch(access.retain_until) if access.retain_until else case_expires
    item = {"pk": f"CASE#{access.case_number}", "sk": "ACCESS", **codec.access_to_dict(access)}
    return item | {"expires_at": expires}
