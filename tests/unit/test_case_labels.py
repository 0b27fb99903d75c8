import pytest

from chalicelib import i18n
from chalicelib.cases import model
from chalicelib.cases.labels import label
from chalicelib.config import LANGUAGES


def labelled(group: str) -> set[str]:
    return set(i18n.API.keys(f"case:{group}."))


@pytest.mark.parametrize("key", i18n.API.keys("case:"))
def test_every_case_label_exists_in_every_language(key):
    group, code = key.split(".", 1)
    for language in LANGUAGES:
        assert label(group, code, language).strip() not in ("", code), (key, language)


@pytest.mark.parametrize(
    ("group", "codes"),
    [
        ("status", set(model.STATUS_OF.values()) | {"waiting-for-you"}),
        ("event", set(model.EVENT_TYPES)),
        ("summons", set(model.SUMMONS_KINDS)),
        ("if_missed", set(model.SUMMONS_KINDS)),
        ("outcome", set(model.OUTCOMES)),
        ("appointment", set(model.APPOINTMENT_KINDS)),
        ("missing", set(model.MISSING_CODES)),
    ],
)
def test_every_code_a_case_can_show_has_a_label(group, codes):
    assert codes <= labelled(group), codes - labelled(group)


def test_a_code_the_catalog_does_not_know_is_shown_as_itself():
    assert label("status", "made-up-status", "pl") == "made-up-status"
