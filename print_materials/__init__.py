"""Leaflets, posters and checklists for the office, made from the site's own sources.

Print must say what the site says: every text comes from the pages' Markdown and front matter and
from data/, read at generation time, so `make print` after a change prints the change.
"""

from print_materials.generate import Generated, generate

__all__ = ["Generated", "generate"]
