"""Configuration, read from the environment when asked for, never at import time.

Chalice's test client sets a stage's environment only while a handler runs, and Lambda may
reuse a process across deployments of configuration, so nothing here is cached.
"""

import os
from dataclasses import dataclass
from pathlib import Path

from chalicelib.version import __version__

LANGUAGES = ("en", "pl", "uk", "ru", "vi")
DEFAULT_LANGUAGE = "en"


@dataclass(frozen=True)
class Settings:
    store: str
    sqlite_path: Path
    table_name: str
    staff_token: str
    staff_auth: str  # "token" locally; "cognito" in AWS, where API Gateway checks the sign-in
    staff_sign_in_url: str  # Cognito's sign-in domain, https://<prefix>.auth.<region>.amazoncognito.com
    staff_client_id: str  # the staff console's app client in the user pool
    version: str
    site_url: str
    hold_limit_per_hour: int
    release_delay_seconds: tuple[int, int]


def settings() -> Settings:
    env = os.environ
    return Settings(
        store=env.get("BLIZEJ_STORE", "sqlite"),
        sqlite_path=Path(env.get("BLIZEJ_SQLITE_PATH", ".data/blizej.sqlite3")),
        table_name=env.get("BLIZEJ_TABLE", "blizej"),
        staff_token=env.get("BLIZEJ_STAFF_TOKEN", ""),
        staff_auth=staff_auth(),
        staff_sign_in_url=env.get("BLIZEJ_STAFF_SIGN_IN_URL", ""),
        staff_client_id=env.get("BLIZEJ_STAFF_CLIENT_ID", ""),
        version=env.get("BLIZEJ_VERSION", __version__),
        site_url=env.get("BLIZEJ_SITE_URL", "http://127.0.0.1:8000").rstrip("/"),
        hold_limit_per_hour=int(env.get("BLIZEJ_HOLD_LIMIT_PER_HOUR", "10")),
        release_delay_seconds=(
            int(env.get("BLIZEJ_RELEASE_DELAY_MIN", "60")),
            int(env.get("BLIZEJ_RELEASE_DELAY_MAX", "300")),
        ),
    )


@dataclass(frozen=True)
class MailSettings:
    kind: str  # "outbox" (files in .data/outbox) locally, "ses" in AWS
    outbox: Path
    sender: str
    configuration_set: str


def mail_settings() -> MailSettings:
    env = os.environ
    return MailSettings(
        kind=env.get("BLIZEJ_MAIL", "outbox"),
        outbox=Path(env.get("BLIZEJ_OUTBOX", ".data/outbox")),
        sender=env.get("BLIZEJ_MAIL_FROM", ""),
        configuration_set=env.get("BLIZEJ_MAIL_CONFIGURATION_SET", ""),
    )


def clock_setting() -> tuple[str, str]:
    """BLIZEJ_NOW (a pinned clock, never in production) and the stage that may refuse it."""
    return os.environ.get("BLIZEJ_NOW", "").strip(), os.environ.get("BLIZEJ_STAGE", "")


def check_in_minutes() -> tuple[int, int]:
    """How long before and after the appointment a booked person can check in."""
    env = os.environ
    return (
        int(env.get("BLIZEJ_CHECKIN_EARLY_MINUTES", "30")),
        int(env.get("BLIZEJ_CHECKIN_LATE_MINUTES", "15")),
    )


def staff_auth() -> str:
    """Read on its own: the routes' authorizer is fixed when the app is imported."""
    return os.environ.get("BLIZEJ_STAFF_AUTH", "token")


def secret_source(name: str) -> tuple[str, str]:
    """A secret's value from the environment, or the SSM parameter `<name>_PARAMETER` names."""
    return os.environ.get(name, ""), os.environ.get(f"{name}_PARAMETER", "")


def page_url(language: str, path: str, site_url: str | None = None) -> str:
    """The address of a site page in a language: English at the root, others under /<lang>/.

    `site_url` defaults to BLIZEJ_SITE_URL; the print materials pass the address they print.
    """
    prefix = "/" if language == DEFAULT_LANGUAGE else f"/{language}/"
    return f"{(site_url or settings().site_url).rstrip('/')}{prefix}{path}"
