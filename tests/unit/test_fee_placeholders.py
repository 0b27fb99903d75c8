"""`{{ fee <permit> <fee> }}` in a page renders data/fees.yml in the page's language."""

import re
from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError

from hooks import facts

OFFICIAL = "https://www.gov.pl/web/uw-mazowiecki"


def render(markdown: str, language: str = "en") -> str:
    page = SimpleNamespace(file=SimpleNamespace(src_uri=f"{language}/guides/fees.md"))
    config = SimpleNamespace(theme={"language": language})
    return facts.on_page_markdown(markdown, page, config, None)


@pytest.fixture
def fees(monkeypatch):
    """The real data files, with a fees file the test chooses."""
    real = facts.load
    chosen = {
        "official_page": OFFICIAL,
        "fees": {
            "temporary-residence": {
                "stamp-duty": {
                    "value": 1340,
                    "source": "a test",
                    "reviewed": "2026-12-03",
                    "verified": True,
                },
                "residence-card": {
                    "value": 100,
                    "source": "a copy we could not date",
                    "reviewed": "2026-12-03",
                    "verified": False,
                },
            },
            "permanent-residence": {"stamp-duty": None},
        },
    }
    monkeypatch.setattr(facts, "load", lambda name: chosen if name == "fees" else real(name))
    return chosen


@pytest.mark.parametrize(
    ("language", "amount", "checked"),
    [
        ("en", "1,340 PLN", "Last checked: December 3, 2026"),
        ("pl", "1\u00a0340 zł", "Ostatnio sprawdzono: 3 grudnia 2026"),
        ("uk", "1\u00a0340 zł", "Востаннє перевірено:"),
        ("ru", "1\u00a0340 zł", "Последняя проверка:"),
        ("vi", "1.340 PLN", "Kiểm tra lần cuối:"),
    ],
)
def test_a_verified_fee_shows_its_amount_and_when_it_was_checked_in_the_pages_language(
    fees, language, amount, checked
):
    html = render("Stamp duty: {{ fee temporary-residence stamp-duty }}", language)

    assert amount in html
    assert checked in html
    assert OFFICIAL not in html


def test_an_amount_we_could_not_verify_is_not_shown_and_the_reader_is_sent_to_the_official_page(
    fees,
):
    html = render("Card: {{ fee temporary-residence residence-card }}")

    assert "100" not in html
    assert f"Check it on the office's official page: <{OFFICIAL}>" in html


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("pl", "Nie potwierdziliśmy tej kwoty."),
        ("uk", "Ми не підтвердили цю суму."),
        ("ru", "Мы не подтвердили эту сумму."),
        ("vi", "Chúng tôi chưa xác nhận số tiền này."),
    ],
)
def test_an_unknown_amount_sends_the_reader_to_the_official_page_in_their_language(
    fees, language, words
):
    html = render("{{ fee permanent-residence stamp-duty }}", language)

    assert words in html
    assert f"<{OFFICIAL}>" in html


@pytest.mark.parametrize(
    "placeholder",
    [
        "{{ fee temporary-residence stamp-dutty }}",
        "{{ fee citizenship stamp-duty }}",
        "{{ fee temporary-residence }}",
    ],
)
def test_a_fee_placeholder_that_names_no_fee_in_the_data_file_fails_the_build(fees, placeholder):
    message = f"en/guides/fees.md: unknown placeholder {placeholder}"

    with pytest.raises(PluginError, match=re.escape(message)):
        render(f"Fee: {placeholder}")


def test_every_fee_in_the_real_data_file_renders():
    data = facts.load("fees")

    for permit, kinds in data["fees"].items():
        for kind in kinds:
            assert render(f"{{{{ fee {permit} {kind} }}}}")
