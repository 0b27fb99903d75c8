"""How long each kind of record is kept: one list, so the privacy notice and the stores agree.

Stores apply these as a deletion time on every record (DynamoDB's TTL, SQLite's purge); a record
also stops counting at its expiry, whatever a sweeper has not yet deleted.
"""

from datetime import timedelta

BOOKING_AFTER_APPOINTMENT = timedelta(days=30)  # personal data of a booking, after its start
TICKET = timedelta(days=90)  # a queue ticket and the day's counters and numbers, after the day
LOOKUP_AUDIT = timedelta(days=365)  # the audit trail of case lookups (no codes, no case numbers)
CASE_OPEN = timedelta(days=3650)  # every record of a case that has not been closed
CASE_AFTER_CLOSE = timedelta(days=365)  # every record of a case, after its decision is final
IDEMPOTENCY_KEY = timedelta(hours=24)  # the answer kept for a repeated booking request
BALLOT_ENTRY_AFTER_DRAW = timedelta(days=30)  # a ballot's entries, after its draw time
WAITER_AFTER_END = timedelta(days=30)  # a place on a waiting list, after it was left or booked
