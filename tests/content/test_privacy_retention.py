"""The privacy notice promises the retention periods the stores apply (chalicelib/retention.py)."""

import re
from pathlib import Path

import pytest

from chalicelib import retention

DOCS = Path(__file__).resolve().parents[2] / "docs"
NOTICE = DOCS / "en" / "privacy.md"

# Each period's item in every translation, and how each language writes "one year".
ITEMS = {
    "Bookings": {
        "pl": "Rezerwacje",
        "uk": "Записи на візит",
        "ru": "Записи на визит",
        "vi": "Lịch hẹn",
    },
    "Queue tickets": {
        "pl": "Bilety z kolejki",
        "uk": "Талони черги",
        "ru": "Талоны очереди",
        "vi": "Số thứ tự",
    },
    "Your case status, access code and email for news": {
        "pl": "Stan sprawy, kod dostępu i adres e-mail do powiadomień",
        "uk": "Стан вашої справи, код доступу та адресу електронної пошти для новин",
        "ru": "Статус вашего дела, код доступа и адрес электронной почты для уведомлений",
        "vi": "Tình trạng hồ sơ, mã truy cập và email nhận tin của bạn",
    },
    "Records of case lookups": {
        "pl": "Zapisy sprawdzeń spraw",
        "uk": "Записи про перевірки справ",
        "ru": "Записи о проверках дел",
        "vi": "Bản ghi các lần tra cứu hồ sơ",
    },
    "Ballot entries": {
        "pl": "Zgłoszenia do losowania",
        "uk": "Заявки на жеребкування",
        "ru": "Заявки на жеребьёвку",
        "vi": "Lượt đăng ký bốc thăm",
    },
    "Places on a waiting list": {
        "pl": "Miejsca na liście oczekujących",
        "uk": "Місця в списку очікування",
        "ru": "Места в списке ожидания",
        "vi": "Vị trí trong danh sách chờ",
    },
}
ONE_YEAR = {"pl": "rok", "uk": "рік", "ru": "год", "vi": "một năm"}
PERIODS = [
    ("Bookings", retention.BOOKING_AFTER_APPOINTMENT, "deleted 30 days after"),
    ("Queue tickets", retention.TICKET, "deleted 90 days after"),
    (
        "Your case status, access code and email for news",
        retention.CASE_AFTER_CLOSE,
        "one year after",
    ),
    ("Records of case lookups", retention.LOOKUP_AUDIT, "after one year"),
    ("Ballot entries", retention.BALLOT_ENTRY_AFTER_DRAW, "deleted 30 days after"),
    ("Places on a waiting list", retention.WAITER_AFTER_END, "deleted 30 days after"),
]


def promise(item: str, notice: Path = NOTICE) -> str:
    text = re.sub(r"\s+", " ", notice.read_text(encoding="utf-8"))
    found = re.search(rf"- \*\*{re.escape(item)}:\*\* (.+?)(?= - \*\*| ## |$)", text)
    assert found, f"{notice.relative_to(DOCS)} has no item {item!r}"
    return found.group(1)


@pytest.mark.parametrize(("item", "period", "words"), PERIODS)
def test_the_notice_states_the_period_the_code_keeps(item, period, words):
    days = {30: "30 days", 90: "90 days", 365: "one year"}[period.days]

    assert words in promise(item)
    assert days in words


@pytest.mark.parametrize("language", sorted(ONE_YEAR))
@pytest.mark.parametrize(("item", "period", "words"), PERIODS)
def test_every_translation_of_the_notice_states_the_same_period(language, item, period, words):
    notice = DOCS / language / "privacy.md"
    stated = {30: "30", 90: "90", 365: ONE_YEAR[language]}[period.days]

    bullet = promise(ITEMS[item][language], notice)

    where = f"{notice.relative_to(DOCS)}, {ITEMS[item][language]!r}"
    assert re.search(rf"(?<!\w){re.escape(stated)}(?!\d)", bullet), f"{where}: say {stated!r}"
