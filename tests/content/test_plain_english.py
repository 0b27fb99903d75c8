"""English pages are the source every translation follows: short sentences, 30 words at most."""

import re

import pytest

from tests.conftest import ROOT

ENGLISH = ROOT / "docs" / "en"
LIMIT = 30


def prose(markdown: str) -> str:
    """The text a reader reads: no front matter, HTML, link targets, anchors or placeholders."""
    text = re.sub(r"\A---\n.*?\n---\n", "", markdown, flags=re.DOTALL)
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    text = re.sub(r"<https?://[^>]+>|https?://\S+", "LINK", text)
    text = re.sub(r"\{[#.][^}]*\}|\{\{[^}]*\}\}", " ", text)
    return text


def sentences(text: str) -> list[str]:
    # wrapped lines belong to one sentence; list items, also indented ones in a block, do not
    joined = re.sub(r"[ \t]*\n(?![ \t]*[-*#\d\n])[ \t]*", " ", text)
    # a sentence ends at . ! ? or :, also inside bold or italics ("**Do this.** Then that.")
    parts = re.split(r"(?<=[.!?:])\s+|(?<=[.!?:][*_])\s+|(?<=[.!?:][*_]{2})\s+|\n+", joined)
    return [part.strip(" -*#") for part in parts if part.strip(" -*#")]


@pytest.mark.parametrize(
    "page", sorted(ENGLISH.rglob("*.md")), ids=lambda p: str(p.relative_to(ENGLISH))
)
def test_no_english_sentence_is_longer_than_thirty_words(page):
    long = [s for s in sentences(prose(page.read_text(encoding="utf-8"))) if len(s.split()) > LIMIT]

    assert long == [], f"split these sentences in {page.name}: {long}"


def test_the_check_finds_a_long_sentence():
    text = "This sentence goes on " + "and on " * 20 + "until it ends."

    assert [len(s.split()) for s in sentences(prose(text))] == [47]


def test_a_sentence_ends_inside_bold_text_too():
    text = "- **Bring your passport.** Bring the letter too, if you have one."

    assert sentences(prose(text)) == [
        "Bring your passport.",
        "Bring the letter too, if you have one.",
    ]
