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
    version: str


def settings() -> Settings:
    env = os.environ
    return Settings(
        store=env.get("BLIZEJ_STORE", "sqlite"),
        sqlite_path=Path(env.get("BLIZEJ_SQLITE_PATH", ".data/blizej.sqlite3")),
        table_name=env.get("BLIZEJ_TABLE", "blizej"),
        staff_token=env.get("BLIZEJ_STAFF_TOKEN", ""),
        version=env.get("BLIZEJ_VERSION", __version__),
    )
