"""Builds the site with MkDocs, again whenever a source file changed since the last build."""

import os
import subprocess
import sys
import threading
from pathlib import Path

from scripts.versioned_site import SITE_SOURCES

ROOT = Path(__file__).resolve().parent.parent
SOURCES = SITE_SOURCES  # a change to any of them rebuilds the site on the next page


class SiteBuilder:
    def __init__(self, site_dir: Path, root: Path = ROOT) -> None:
        self.root = root
        self.site_dir = site_dir
        self.error: str | None = None
        self._built_from: tuple | None = None
        self._lock = threading.Lock()
        self._checks_begun = 0

    def fingerprint(self) -> tuple:
        """Names, sizes and modification times of every source file: cheap to take on each page."""
        entries = []
        for source in SOURCES:
            path = self.root / source
            if not path.exists():
                continue
            files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
            for file in files:
                stat = file.stat()
                entries.append((str(file), stat.st_size, stat.st_mtime_ns))
        return tuple(entries)

    def ensure_fresh(self) -> bool:
        """Rebuilds if the sources changed; True when this call rebuilt the site.

        Many requests may ask at once. One checks (and builds) at a time; a request that waited
        for a check which began after it arrived takes that check's answer, since that check saw
        the sources as they were when the request came, or newer.
        """
        begun_before = self._checks_begun
        with self._lock:
            if self._checks_begun > begun_before:
                return False
            self._checks_begun += 1
            current = self.fingerprint()
            if current == self._built_from:
                return False
            result = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "mkdocs",
                    "build",
                    "--quiet",
                    "--site-dir",
                    str(self.site_dir),
                ],
                cwd=self.root,
                capture_output=True,
                text=True,
                env={**os.environ, "PYTHONUNBUFFERED": "1"},
            )
            self._built_from = current
            self.error = result.stderr if result.returncode else None
            if self.error:
                print(self.error, file=sys.stderr, flush=True)
            return True
