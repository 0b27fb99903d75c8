"""Answers that shared caches (CloudFront, a browser) may keep for a few seconds.

The ETag is strong: a digest of the exact bytes sent. CloudFront makes it weak (W/"…") when it
compresses the answer, so If-None-Match is compared weakly, as RFC 9110 asks.
"""

import hashlib
import json

from chalice.app import Request, Response


def public_json(request: Request, body: object, max_age: int) -> Response:
    """`body` as JSON that anyone may cache for `max_age` seconds; 304 when the client has it."""
    payload = json.dumps(body, separators=(",", ":"))
    etag = '"' + hashlib.sha256(payload.encode()).hexdigest()[:32] + '"'
    headers = {"Cache-Control": f"public, max-age={max_age}", "ETag": etag}
    if matches(request.headers.get("if-none-match") or "", etag):
        return Response(body="", status_code=304, headers=headers)
    return Response(body=payload, headers={**headers, "Content-Type": "application/json"})


def public_text(request: Request, text: str, headers: dict[str, str], max_age: int) -> Response:
    """`text` (CSV, say, its Content-Type in `headers`) that anyone may cache, as `public_json`."""
    etag = '"' + hashlib.sha256(text.encode()).hexdigest()[:32] + '"'
    cache = {"Cache-Control": f"public, max-age={max_age}", "ETag": etag}
    if matches(request.headers.get("if-none-match") or "", etag):
        return Response(body="", status_code=304, headers=cache)
    return Response(body=text, headers={**headers, **cache})


def matches(if_none_match: str, etag: str) -> bool:
    """Whether an If-None-Match header names `etag` (or is `*`), W/ or not."""
    given = [tag.strip() for tag in if_none_match.split(",")]
    if "*" in given:
        return True
    return _opaque(etag) in {_opaque(tag) for tag in given if tag}


def _opaque(tag: str) -> str:
    return tag[2:] if tag.startswith("W/") else tag
