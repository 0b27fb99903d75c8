from datetime import date

import pytest

from chalicelib.kpa import deadline


@pytest.mark.parametrize(
    ("delivered", "days", "expected", "why"),
    [
        (date(2026, 3, 2), 7, date(2026, 3, 9), "Monday + 7 days is a Monday"),
        (date(2026, 3, 6), 7, date(2026, 3, 13), "counting starts the day after delivery"),
        (date(2026, 3, 7), 7, date(2026, 3, 16), "ends on Saturday 14th: moves to Monday"),
        (date(2026, 3, 8), 7, date(2026, 3, 16), "ends on Sunday 15th: moves to Monday"),
        (date(2026, 10, 18), 14, date(2026, 11, 2), "ends on 1 November (All Saints', a Sunday)"),
        (date(2026, 10, 25), 7, date(2026, 11, 2), "ends on Sunday 1 November: Monday 2nd"),
        (date(2026, 3, 23), 14, date(2026, 4, 7), "ends on Easter Monday 6 April 2026"),
        (date(2026, 12, 17), 7, date(2026, 12, 28), "ends on 24 December: 24-27 are all off"),
        (date(2026, 12, 18), 14, date(2027, 1, 4), "ends on 1 January, across the year end"),
        (date(2027, 1, 1), 5, date(2027, 1, 7), "ends on 6 January, Epiphany"),
        (date(2026, 1, 1), 60, date(2026, 3, 2), "60 days run across February"),
        (date(2025, 12, 31), 60, date(2026, 3, 2), "60 days ending on Sunday 1 March"),
    ],
)
def test_a_term_in_days_follows_article_57_kpa(delivered, days, expected, why):
    assert deadline(delivered, days) == expected, why
