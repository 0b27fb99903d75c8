from pathlib import Path

from scripts.translations import recorded, report, revision, stamp


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def states(docs: Path) -> dict[str, str]:
    return {f"{s.language}/{s.page}": s.state for s in report(docs)}


def test_a_page_without_translation_is_missing(tmp_path):
    write(tmp_path / "en" / "about.md", "# About\n")

    assert states(tmp_path)["pl/about.md"] == "missing"


def test_a_stamped_translation_is_current_until_the_english_text_changes(tmp_path):
    english = write(tmp_path / "en" / "about.md", "---\ntitle: About\n---\n# About\n")
    polish = write(tmp_path / "pl" / "about.md", "---\ntitle: O serwisie\n---\n# O serwisie\n")

    stamp(polish, tmp_path)

    assert recorded(polish) == revision(english)
    assert states(tmp_path)["pl/about.md"] == "current"
    write(english, "---\ntitle: About\n---\n# About us\n")
    assert states(tmp_path)["pl/about.md"] == "stale"


def test_changing_only_the_english_front_matter_does_not_make_translations_stale(tmp_path):
    english = write(tmp_path / "en" / "a.md", "---\nreviewed: 2026-01-01\n---\n# A\n")
    polish = write(tmp_path / "pl" / "a.md", "---\ntranslates: old\n---\n# A\n")
    stamp(polish, tmp_path)

    write(english, "---\nreviewed: 2026-11-27\n---\n# A\n")

    assert states(tmp_path)["pl/a.md"] == "current"
    assert polish.read_text(encoding="utf-8").count("translates:") == 1


def test_a_page_can_exist_only_in_some_languages(tmp_path):
    write(tmp_path / "en" / "console.md", "---\nlanguages: [en, pl]\n---\n# Console\n")
    write(tmp_path / "pl" / "console.md", "# Konsola\n")
    stamp(tmp_path / "pl" / "console.md", tmp_path)

    assert states(tmp_path) == {"pl/console.md": "current"}
