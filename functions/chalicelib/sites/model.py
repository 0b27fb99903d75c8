from dataclasses import dataclass

from chalicelib.config import LANGUAGES
from chalicelib.errors import DomainError


class SiteNotFound(DomainError):
    code = "site-not-found"


@dataclass(frozen=True)
class Site:
    """An office where applicants are served: the Warsaw seat or one of its branches."""

    id: str
    city: str
    name: dict[str, str]
    address: str | None = None

    def __post_init__(self) -> None:
        missing = [language for language in LANGUAGES if not self.name.get(language)]
        if missing:
            raise ValueError(f"site {self.id} has no name in {', '.join(missing)}")

    def as_dict(self) -> dict:
        return {"id": self.id, "city": self.city, "name": dict(self.name), "address": self.address}

    @classmethod
    def from_dict(cls, data: dict) -> "Site":
        return cls(
            id=data["id"], city=data["city"], name=dict(data["name"]), address=data.get("address")
        )
