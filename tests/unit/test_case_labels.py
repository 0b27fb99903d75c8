import pytest

from chalicelib.cases import model
from chalicelib.cases.labels import LABELS
from chalicelib.config import LANGUAGES


@pytest.mark.parametrize("group", sorted(LABELS))
def test_every_case_label_exists_in_every_language(group):
    for code, texts in LABELS[group].items():
        assert list(texts) == list(LANGUAGES), (group, code)
        assert all(text.strip() for text in texts.values()), (group, code)


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
    assert codes <= set(LABELS[group]), codes - set(LABELS[group])
