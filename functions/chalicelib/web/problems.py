"""Errors as RFC 9457 problem details: a stable machine `code`, a title in the reader's language."""

import json
from dataclasses import dataclass, field

from chalicelib import i18n
from chalicelib.config import DEFAULT_LANGUAGE, LANGUAGES

PROBLEM_CONTENT_TYPE = "application/problem+json"


@dataclass(frozen=True)
class FieldError:
    field: str
    code: str

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "code": self.code}


@dataclass
class Problem(Exception):
    status: int
    code: str
    errors: list[FieldError] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)
    extra: dict[str, str] = field(default_factory=dict)  # machine-readable details, never prose

    def __post_init__(self) -> None:
        if not i18n.has(f"problem:{self.code}"):
            raise ValueError(f"problem code {self.code!r} has no title in locale/api.pot")

    def body(self, language: str) -> dict:
        body: dict = {
            "type": f"urn:blizej:problem:{self.code}",
            "title": i18n.text(language, f"problem:{self.code}"),
            "status": self.status,
            "code": self.code,
        }
        if self.errors:
            body["errors"] = [error.as_dict() for error in self.errors]
        return {**body, **self.extra}

    def encode(self, language: str) -> tuple[int, dict[str, str], str]:
        """Status, headers and body of the HTTP response, for any HTTP layer."""
        headers = {
            "Content-Type": PROBLEM_CONTENT_TYPE,
            "Content-Language": language,
            "Cache-Control": "no-store",
            **self.headers,
        }
        return self.status, headers, json.dumps(self.body(language), ensure_ascii=False)


def negotiate_language(accept_language: str | None) -> str:
    """The first of our languages the reader accepts, by quality; English when none matches."""
    if not accept_language:
        return DEFAULT_LANGUAGE
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(accept_language.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        params = params.strip()
        if params.startswith("q="):
            try:
                quality = float(params[2:])
            except ValueError:
                quality = 0.0
        primary = tag.strip().split("-")[0].lower()
        if primary in LANGUAGES and quality > 0:
            ranked.append((-quality, position, primary))
    return min(ranked)[2] if ranked else DEFAULT_LANGUAGE
