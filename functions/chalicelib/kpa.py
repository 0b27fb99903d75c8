"""Terms of the Code of Administrative Procedure (KPA), computed in one place.

Art. 57 KPA: a term counted in days starts on the day after the event (delivery); when its last
day is a Saturday or a day free from work by law (Sundays and public holidays), it ends on the next
day that is neither. Everything that shows a legal deadline uses `deadline`.
"""

from datetime import date, timedelta
from functools import cache


@cache
def _public_holidays(year: int) -> frozenset[date]:
    import holidays  # tens of ms on a cold start: imported only where days are counted

    return frozenset(holidays.country_holidays("PL", years=year))


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _public_holidays(day.year)


def deadline(delivered: date, days: int) -> date:
    """The last day of a term of `days` days for something delivered on `delivered`."""
    last = delivered + timedelta(days=days)
    while not is_working_day(last):
        last += timedelta(days=1)
    return last
