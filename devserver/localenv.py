"""The environment of a local run: the store, secrets and outbox under .data/."""

import os
import secrets
from pathlib import Path


def configure(data_dir: Path) -> None:
    """Points the app at .data/ unless the environment already says otherwise."""
    data_dir.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("BLIZEJ_STORE", "sqlite")
    os.environ.setdefault("BLIZEJ_SQLITE_PATH", str(data_dir / "blizej.sqlite3"))
    os.environ.setdefault("BLIZEJ_STAFF_TOKEN", secret(data_dir / "staff-token"))
    os.environ.setdefault("BLIZEJ_PEPPER", secret(data_dir / "pepper"))
    os.environ.setdefault("BLIZEJ_INGEST_SECRETS", secret(data_dir / "ingest-secret"))
    os.environ.setdefault("BLIZEJ_MAIL", "outbox")
    os.environ.setdefault("BLIZEJ_OUTBOX", str(data_dir / "outbox"))


def secret(path: Path) -> str:
    """A random secret kept in .data/ so it survives restarts; AWS keeps its own in SSM."""
    if not path.exists():
        path.write_text(secrets.token_urlsafe(24) + "\n", encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()
