"""Words for every code a case can show, in the language asked for.

The API answers with codes and, beside them, these labels; the <case-status> widget shows the
labels. The words live in the catalog (`locale/api.pot`, key `case:<group>.<code>`).
"""

from chalicelib import i18n


def label(group: str, code: str, language: str) -> str:
    """The label of `code`; the code itself for one the catalog does not know (from old data)."""
    key = f"case:{group}.{code}"
    if not i18n.has(key):
        return code
    return i18n.text(language, key)
