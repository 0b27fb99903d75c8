"""The production store: one DynamoDB table (see `table`), one adapter per domain's ports."""

from chalicelib.storage.dynamodb.appointments import DynamoBookings, DynamoCatalogue
from chalicelib.storage.dynamodb.cases import DynamoCaseRecords, DynamoLookups
from chalicelib.storage.dynamodb.queue import DynamoTickets
from chalicelib.storage.dynamodb.queue_lines import DynamoQueueLines
from chalicelib.storage.dynamodb.release import DynamoBallots, DynamoWaitingList
from chalicelib.storage.dynamodb.sites import DynamoSites
from chalicelib.storage.dynamodb.table import TTL_ATTRIBUTE, Table
from chalicelib.storage.dynamodb.upkeep import DynamoUpkeep

__all__ = [
    "TTL_ATTRIBUTE",
    "DynamoBallots",
    "DynamoBookings",
    "DynamoCaseRecords",
    "DynamoCatalogue",
    "DynamoLookups",
    "DynamoQueueLines",
    "DynamoSites",
    "DynamoTickets",
    "DynamoUpkeep",
    "DynamoWaitingList",
    "Table",
]
