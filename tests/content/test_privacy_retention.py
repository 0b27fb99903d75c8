"""The privacy notice promises the retention periods the stores apply (chalicelib/retention.py)."""

import re
from pathlib import Path

import pytest

from chalicelib import retention

NOTICE = Path(__file__).resolve().parents[2] / "docs" / "en" / "privacy.md"


def promise(item: str) -> str:
    text = re.sub(r"\s+", " ", NOTICE.read_text(encoding="utf-8"))
    found = re.search(rf"- \*\*{re.escape(item)}:\*\* (.+?)(?= - \*\*| ## |$)", text)
    assert found, f"the privacy notice has no item {item!r}"
    return found.group(1)


@pytest.mark.parametrize(
    ("item", "period", "words"),
    [
        ("Bookings", retention.BOOKING_AFTER_APPOINTMENT, "deleted 30 days after"),
        ("Queue tickets", retention.TICKET, "deleted 90 days after"),
        (
            "Your case status, access code and email for news",
            retention.CASE_AFTER_CLOSE,
            "one year after",
        ),
        ("Records of case lookups", retention.LOOKUP_AUDIT, "after one year"),
    ],
)
def test_the_notice_states_the_period_the_code_keeps(item, period, words):
    days = {30: "30 days", 90: "90 days", 365: "one year"}[period.days]

    assert words in promise(item)
    assert days in words
