"""How the dev server hands out the site's files: compressed and cached as CloudFront does.

In AWS the site's files reach readers through CloudFront (infra/resources.yml), which compresses
text of 1,000 bytes to 10 MB with Brotli or gzip, whichever the browser accepts (Brotli first).
Doing the same here makes what a page weighs on `make dev` what it weighs in production, so the
page-weight budget (tests/browser/test_page_weight.py) measures the real thing.

Caching: Material's own files carry a hash of their content in their name (`bundle.a5f9d56c.min.js`)
and never change under it, so a browser may keep them for a year without asking. Everything else,
pages above all, changes under the same name with each build: the browser keeps it but asks
first (`no-cache`), and an unchanged file answers 304 with no body.
"""

import gzip
import re
from functools import lru_cache
from http import HTTPStatus
from pathlib import Path

import brotli

MIN_SIZE = 1_000  # CloudFront's bounds: smaller gains nothing, larger it sends as it is
MAX_SIZE = 10_000_000
HASHED = re.compile(r"\.[0-9a-f]{8,}\.min\.(?:js|css)$")
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"

Reply = tuple[int, list[tuple[str, str]], bytes]


def compressible(content_type: str) -> bool:
    kind = content_type.split(";", 1)[0].strip()
    return kind.startswith("text/") or kind.endswith(("json", "xml", "javascript"))


def accepted_encoding(accept_encoding: str) -> str | None:
    """The encoding to send: br if the client takes it, else gzip, else none (q=0 refuses)."""
    taken = set()
    for item in accept_encoding.lower().split(","):
        name, _, parameters = item.strip().partition(";")
        quality = parameters.strip().removeprefix("q=")
        try:
            refused = parameters.strip().startswith("q=") and float(quality) == 0
        except ValueError:
            refused = False
        if name and not refused:
            taken.add(name.strip())
    if "br" in taken:
        return "br"
    if "gzip" in taken or "*" in taken:
        return "gzip"
    return None


@lru_cache(maxsize=512)
def _compressed(path: str, mtime_ns: int, size: int, encoding: str) -> bytes:
    # Keyed by mtime and size so a rebuilt file is compressed afresh; a page is compressed once.
    data = Path(path).read_bytes()
    if encoding == "br":
        return brotli.compress(data, quality=5)  # near gzip -9's time, smaller; 11 is for builds
    return gzip.compress(data, compresslevel=6, mtime=0)


def file_reply(file: Path, content_type: str, request_headers: dict[str, str]) -> Reply:
    """A site file answered as CloudFront would: compressed when it can be, with its caching."""
    stat = file.stat()
    cache = IMMUTABLE if HASHED.search(file.name) else REVALIDATE
    # Weak: the compressed and the plain body are the same file, not the same bytes.
    etag = f'W/"{stat.st_mtime_ns:x}-{stat.st_size:x}"'
    headers = [("Content-Type", content_type), ("Cache-Control", cache), ("ETag", etag)]
    shrinkable = compressible(content_type) and MIN_SIZE <= stat.st_size <= MAX_SIZE
    if shrinkable:
        headers.append(("Vary", "Accept-Encoding"))
    if etag in _etags(request_headers.get("if-none-match", "")):
        return HTTPStatus.NOT_MODIFIED, headers, b""
    encoding = accepted_encoding(request_headers.get("accept-encoding", ""))
    if shrinkable and encoding:
        body = _compressed(str(file), stat.st_mtime_ns, stat.st_size, encoding)
        return HTTPStatus.OK, [*headers, ("Content-Encoding", encoding)], body
    return HTTPStatus.OK, headers, file.read_bytes()


def _etags(if_none_match: str) -> set[str]:
    # A weak comparison, as RFC 9110 asks for If-None-Match: W/"x" and "x" match alike.
    return {
        tag.strip() if tag.strip().startswith("W/") else "W/" + tag.strip()
        for tag in if_none_match.split(",")
        if tag.strip()
    }
