"""Pages say what the researched facts say, in every language.

The MOS receipt (UPO) proves only that an application was sent. The stamp in the passport is
replaced by a certificate (zaświadczenie) that the office issues in MOS after its checks
(../shared/FACTS.md, "How applications are filed"). Earlier pages said the receipt replaced the
stamp; these checks keep any page, in any language, from saying so again.

A page is read block by block (a paragraph or one list item, its wrapped lines joined), without
its front matter. A block that names the receipt must not hold a sentence that says something
replaces the stamp or proves a legal stay, unless that sentence is negated ("does not replace").
A self-check question about the stamp must not mark the receipt as its right answer.
"""

import re
import textwrap
from pathlib import Path

import pytest

from tests.conftest import LANGUAGES, ROOT

RECEIPT = {
    "en": r"\breceipt\b|\bUPO\b|filing confirmation|confirmation of (sending|submission|filing)",
    "pl": r"\bUPO\b|potwierdzeni\w* (złożenia|wysłania|wniesienia)|poświadczeni\w* odbioru",
    "uk": r"\bUPO\b|квитанці\w*|підтвердженн\w* (подання|надсилання|відправленн\w*|отримання)",
    "ru": r"\bUPO\b|квитанци\w*|подтверждени\w* (подачи|отправки|получения)",
    "vi": r"\bUPO\b|biên nhận|xác nhận (nộp|gửi) đơn",
}
# what only the certificate does: replace the stamp, show that the stay is legal
CLAIM = {
    "en": r"\breplac\w*|\blegal(ly)?\b",
    "pl": r"zastęp\w*|zastąpi\w*|legaln\w*",
    "uk": r"замін\w*|законн\w*|легальн\w*",
    "ru": r"замен\w*|законн\w*|легальн\w*",
    "vi": r"thay cho|thay thế|hợp pháp",
}
NEGATION = {
    "en": r"\bnot\b|n't\b|\bnever\b",
    "pl": r"\bnie\b",
    "uk": r"\bне\b",
    "ru": r"\bне\b",
    "vi": r"\bkhông\b|\bchưa\b",
}
STAMP = {
    "en": r"\bstamp\b",
    "pl": r"stempl|stempel",
    "uk": r"штамп",
    "ru": r"штамп",
    "vi": r"con dấu",
}

FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
SELF_CHECK = re.compile(r'^!!! self-check "[^"]+"\n((?:\n|    .*\n)+)', re.MULTILINE)


def found(patterns: dict[str, str], language: str, text: str) -> bool:
    return re.search(patterns[language], text, re.IGNORECASE) is not None


def blocks(markdown: str) -> list[str]:
    """Paragraphs and list items, each on one line: wrapped lines belong to the block above."""
    text = FRONT_MATTER.sub("", markdown, count=1)
    text = textwrap.dedent(text)
    joined = re.sub(r"[ \t]*\n(?![ \t]*(?:[-*#]|\d+\.|!!!|\n))[ \t]*", " ", text)
    return [line.strip() for line in joined.splitlines() if line.strip()]


def sentences(block: str) -> list[str]:
    """A sentence ends at . ! or ?, also inside bold or italics ("**Keep it.** It replaces")."""
    return [part for part in re.split(r"(?<=[.!?])[*_]*\s+", block) if part.strip()]


def claims_for_the_receipt(language: str, markdown: str) -> list[str]:
    """Sentences that say the receipt replaces the stamp or proves a legal stay."""
    wrong = []
    for block in blocks(markdown):
        if not found(RECEIPT, language, block):
            continue
        wrong += [
            sentence
            for sentence in sentences(block)
            if found(CLAIM, language, sentence) and not found(NEGATION, language, sentence)
        ]
    return wrong


def receipt_marked_as_the_stamp(language: str, markdown: str) -> list[str]:
    """Right answers to a question about the stamp that name the receipt."""
    wrong = []
    for body in SELF_CHECK.findall(FRONT_MATTER.sub("", markdown, count=1)):
        question = ""
        for line in (line.strip() for line in body.splitlines()):
            if line.startswith("**"):
                question = line
            elif (
                line.startswith("- [x]")
                and found(STAMP, language, question)
                and found(RECEIPT, language, line)
            ):
                wrong.append(f"{question} {line}")
    return wrong


def language_of(page: Path) -> str:
    return page.relative_to(ROOT / "docs").parts[0]


PAGES = sorted(path for language in LANGUAGES for path in (ROOT / "docs" / language).rglob("*.md"))


def test_every_language_has_patterns():
    assert set(RECEIPT) == set(CLAIM) == set(NEGATION) == set(STAMP) == set(LANGUAGES)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT / "docs")))
def test_no_page_says_the_mos_receipt_replaces_the_stamp_or_proves_a_legal_stay(page):
    markdown = page.read_text(encoding="utf-8")

    wrong = claims_for_the_receipt(language_of(page), markdown)
    wrong += receipt_marked_as_the_stamp(language_of(page), markdown)

    assert wrong == [], (
        f"{page.name}: the MOS receipt (UPO) only proves that the application was sent; the "
        f"certificate (zaświadczenie) replaces the stamp (FACTS.md): {wrong}"
    )


# The wording the site had before the correction (git show 514c4ec:docs/<lang>/...), and two
# claims it never made but must not make either.
OLD_WORDING = [
    (
        "en",
        "guides/temporary-residence/file-in-mos.md",
        "The filing confirmation is important. It replaces the stamp that the office used to put"
        " in your\npassport. Save it and print it.\n",
    ),
    (
        "en",
        "case-status.md",
        "1. **You get a filing confirmation in MOS.** Keep it. It replaces the old stamp in your"
        " passport.\n",
    ),
    (
        "pl",
        "guides/temporary-residence/file-in-mos.md",
        "Potwierdzenie złożenia wniosku jest ważne. Zastępuje stempel, który urząd wbijał dawniej"
        " do\npaszportu. Zapisz je i wydrukuj.\n",
    ),
    (
        "pl",
        "case-status.md",
        "1. **Dostajesz w MOS potwierdzenie złożenia wniosku.** Zachowaj je. Zastępuje ono dawny"
        " stempel\n   w paszporcie.\n",
    ),
    (
        "uk",
        "guides/temporary-residence/file-in-mos.md",
        "Підтвердження подання дуже важливе. Воно замінює штамп, який управління раніше ставило у"
        " ваш\nпаспорт. Збережіть його і роздрукуйте.\n",
    ),
    (
        "uk",
        "case-status.md",
        "1. **Ви отримуєте в MOS підтвердження подання.** Збережіть його. Воно замінює штамп у"
        " паспорті,\n   який ставили раніше.\n",
    ),
    (
        "ru",
        "guides/temporary-residence/file-in-mos.md",
        "Подтверждение подачи — важный документ. Оно заменяет штамп, который раньше управление"
        " ставило\nв паспорт. Сохраните и распечатайте его.\n",
    ),
    (
        "ru",
        "case-status.md",
        "1. **Вы получаете в MOS подтверждение подачи.** Сохраните его. Оно заменяет прежний"
        " штамп\n   в паспорте.\n",
    ),
    (
        "vi",
        "guides/temporary-residence/file-in-mos.md",
        "Xác nhận nộp đơn rất quan trọng. Xác nhận này thay cho con dấu mà trước đây văn phòng"
        " đóng vào hộ\nchiếu của bạn. Hãy lưu lại và in ra.\n",
    ),
    (
        "vi",
        "case-status.md",
        "1. **Bạn nhận được xác nhận nộp đơn trên MOS.** Hãy giữ lại xác nhận này. Nó thay cho con"
        " dấu trong\n   hộ chiếu như trước đây.\n",
    ),
    ("en", "never said", "The UPO proves that you stay in Poland legally.\n"),
    ("uk", "never said", "Квитанція з MOS підтверджує ваше законне перебування.\n"),
]

OLD_QUIZ = {
    "en": ("What replaces the old stamp in your passport?", "The filing confirmation from MOS"),
    "pl": ("Co zastępuje dawny stempel w paszporcie?", "Potwierdzenie złożenia wniosku z MOS"),
    "uk": ("Що замінює старий штамп у вашому паспорті?", "Підтвердження подання з MOS"),
    "ru": ("Что заменяет прежний штамп в паспорте?", "Подтверждение подачи из MOS"),
    "vi": ("Điều gì thay cho con dấu trước đây trong hộ chiếu của bạn?", "Xác nhận nộp đơn từ MOS"),
}

NOW_CORRECT = [
    ("en", "**The receipt (UPO).** MOS gives it at once. It does not replace the stamp.\n"),
    ("pl", "Samo UPO nie potwierdza, że przebywasz w Polsce legalnie.\n"),
    ("uk", "UPO не замінює штамп у паспорті: його замінює довідка (zaświadczenie).\n"),
    ("ru", "Само по себе UPO не подтверждает, что вы находитесь в Польше законно.\n"),
    ("vi", "Biên nhận UPO không thay cho con dấu trong hộ chiếu.\n"),
    ("en", "Keep the receipt from the post office.\n"),
]


@pytest.mark.parametrize(
    ("language", "source", "text"),
    OLD_WORDING,
    ids=[f"{lang}-{page}" for lang, page, _ in OLD_WORDING],
)
def test_the_check_catches_the_old_wording(language, source, text):
    assert claims_for_the_receipt(language, text) != []


@pytest.mark.parametrize("language", sorted(OLD_QUIZ))
def test_the_check_catches_the_old_self_check_answer(language):
    question, answer = OLD_QUIZ[language]
    page = (
        f'!!! self-check "Check"\n\n    **{question}**\n\n    - [x] {answer}\n'
        f"    - [ ] Email\n\n    Explanation.\n"
    )

    assert receipt_marked_as_the_stamp(language, page) == [f"**{question}** - [x] {answer}"]


@pytest.mark.parametrize(("language", "text"), NOW_CORRECT, ids=[lang for lang, _ in NOW_CORRECT])
def test_the_check_lets_a_negated_or_unrelated_sentence_pass(language, text):
    assert claims_for_the_receipt(language, text) == []


def test_the_check_reads_past_front_matter():
    page = "---\nsources:\n  - the receipt replaces the stamp (old claim)\n---\n\n# Page\n"

    assert claims_for_the_receipt("en", page) == []
