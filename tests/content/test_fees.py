"""Fees come from data/fees.yml, in every language; no page writes an amount itself."""

import re
from pathlib import Path

import pytest
import yaml

from tests.conftest import LANGUAGES, ROOT
from tests.content.test_site import html_of

FEES = yaml.safe_load((ROOT / "data" / "fees.yml").read_text(encoding="utf-8"))
# an amount in złoty as a page would write it: "340 PLN", "PLN 340", "100 zł", "340 злотих"
AMOUNT = re.compile(
    r"\d[\d\s.,]*\s*(PLN|zł|złot\w*|злот\w*|zloty|zlotys)(?!\w)|\b(PLN|zł)\s*\d", re.IGNORECASE
)
PAGES = sorted(path for language in LANGUAGES for path in (ROOT / "docs" / language).rglob("*.md"))
CHECK_OFFICIAL = yaml.safe_load((ROOT / "data" / "strings.yml").read_text(encoding="utf-8"))[
    "fee_check_official"
]


def test_every_known_fee_names_its_source_and_review_date():
    for permit, kinds in FEES["fees"].items():
        for kind, fee in kinds.items():
            if fee is not None:
                assert isinstance(fee["value"], int), (permit, kind)
                assert fee["source"] and fee["reviewed"], (permit, kind)
                assert isinstance(fee["verified"], bool), (permit, kind)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT / "docs")))
def test_no_page_writes_an_amount_in_zloty_itself(page):
    text = page.read_text(encoding="utf-8")

    written = [m.group(0) for m in AMOUNT.finditer(text)]

    assert written == [], (
        f"{page.name}: write {{{{ fee <permit> <fee> }}}} (data/fees.yml) instead of {written}"
    )


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("It costs 340 PLN.", True),
        ("Opłata: 100 zł.", True),
        ("340 злотих", True),
        ("PLN 340", True),
        ("Print at 100 %.", False),
        ("Złóż wniosek w 14 dni.", False),
    ],
)
def test_the_amount_check_tells_an_amount_from_other_numbers(text, found):
    assert (AMOUNT.search(text) is not None) == found


@pytest.mark.parametrize(
    ("language", "stamp_duty", "card"),
    [
        ("en", "340 PLN", "100 PLN"),
        ("pl", "340 zł", "100 zł"),
        ("uk", "340 zł", "100 zł"),
        ("ru", "340 zł", "100 zł"),
        ("vi", "340 PLN", "100 PLN"),
    ],
)
def test_the_fees_page_shows_the_verified_amounts_and_sends_the_rest_to_the_official_page(
    built_site, language, stamp_duty, card
):
    html = html_of(built_site, language, Path("guides/fees.md"))

    assert stamp_duty in html
    assert card in html
    # permanent residence and EU long-term resident: two fees each, not confirmed
    # (its first sentence: the build may turn the apostrophe of the second into ’)
    assert html.count(CHECK_OFFICIAL[language].split(".")[0]) == 4
