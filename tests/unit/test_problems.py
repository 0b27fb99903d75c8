import json

import pytest

from chalicelib import i18n
from chalicelib.config import LANGUAGES
from chalicelib.web.problems import FieldError, Problem, negotiate_language


@pytest.mark.parametrize("code", i18n.API.keys("problem:"))
def test_every_problem_title_exists_in_every_language(code):
    titles = {language: i18n.text(language, f"problem:{code}") for language in LANGUAGES}

    assert all(title.strip() for title in titles.values())
    assert len(set(titles.values())) == len(LANGUAGES), "a title was left untranslated"


def test_a_problem_is_encoded_as_rfc_9457_with_a_stable_code():
    problem = Problem(422, "validation-failed", [FieldError("name.pl", "required")])

    status, headers, body = problem.encode("uk")

    assert status == 422
    assert headers["Content-Type"] == "application/problem+json"
    assert headers["Content-Language"] == "uk"
    assert json.loads(body) == {
        "type": "urn:blizej:problem:validation-failed",
        "title": i18n.text("uk", "problem:validation-failed"),
        "status": 422,
        "code": "validation-failed",
        "errors": [{"field": "name.pl", "code": "required"}],
    }


def test_a_problem_code_without_titles_is_refused():
    with pytest.raises(ValueError):
        Problem(400, "made-up-code")


@pytest.mark.parametrize(
    ("header", "language"),
    [
        (None, "en"),
        ("", "en"),
        ("uk-UA,uk;q=0.9,en;q=0.8", "uk"),
        ("de-DE,de;q=0.9,ru;q=0.5", "ru"),
        ("en;q=0.2, vi;q=0.9", "vi"),
        ("pl;q=0, ru", "ru"),
        ("fr", "en"),
        ("pl;q=abc", "en"),
    ],
)
def test_the_language_is_chosen_from_accept_language(header, language):
    assert negotiate_language(header) == language
