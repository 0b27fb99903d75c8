"""Domain objects to stored documents and back, as every store writes and reads them."""

from datetime import UTC, datetime

from chalicelib.appointments.model import Booking, BookingState
from chalicelib.storage.codec import booking_from_dict, booking_to_dict

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def a_booking(**changes) -> Booking:
    fields = {
        "code": "WAW-AAAA-AA",
        "site_id": "waw",
        "service_id": "submit",
        "start": datetime(2026, 12, 10, 8, 0, tzinfo=UTC),
        "name": "Olena Kovalenko",
        "email": "olena@example.org",
        "phone": None,
        "document_hash": "doc-a",
        "language": "uk",
        "identifiers": {"mos": "MOS-1"},
        "state": BookingState.CONFIRMED,
        "created_at": NOW,
        "hold_expires_at": NOW,
        "confirm_hash": "c",
        "manage_hash": "m",
    }
    return Booking(**{**fields, **changes})


def test_a_booking_reads_back_as_it_was_written_sequence_included():
    written = a_booking(sequence=4, history=("2026-12-09T08:00:00+00:00",))

    assert booking_from_dict(booking_to_dict(written)) == written


def test_a_booking_stored_before_sequences_existed_reads_as_sequence_zero():
    stored = booking_to_dict(a_booking())
    del stored["sequence"]

    assert booking_from_dict(stored).sequence == 0
