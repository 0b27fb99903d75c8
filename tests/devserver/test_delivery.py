"""The dev server hands out the site's files compressed and cached as CloudFront does."""

import gzip
import http.client
from urllib.parse import urlsplit

import brotli
import pytest

from devserver.delivery import accepted_encoding


def get(dev_server, path: str, headers: dict[str, str] | None = None):
    # http.client, not urllib: urllib would neither ask for nor undo a compressed body.
    address = urlsplit(dev_server.url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def material_bundle(dev_server) -> str:
    _, _, page = get(dev_server, "/uk/")
    start = page.index(b"assets/javascripts/bundle.")
    return "/" + page[start : page.index(b'"', start)].decode()


def test_a_page_comes_gzipped_to_a_client_that_accepts_gzip(dev_server):
    _, _, plain = get(dev_server, "/uk/")

    status, headers, body = get(dev_server, "/uk/", {"Accept-Encoding": "gzip, deflate"})

    assert status == 200
    assert headers["content-encoding"] == "gzip"
    assert headers["vary"] == "Accept-Encoding"
    assert int(headers["content-length"]) == len(body) < len(plain) / 3
    assert gzip.decompress(body) == plain


def test_a_page_comes_in_brotli_when_the_client_accepts_it_too(dev_server):
    _, _, plain = get(dev_server, "/uk/")

    status, headers, body = get(dev_server, "/uk/", {"Accept-Encoding": "gzip, deflate, br"})

    assert status == 200
    assert headers["content-encoding"] == "br"
    assert brotli.decompress(body) == plain


def test_a_client_that_asks_for_no_encoding_gets_the_plain_page(dev_server):
    status, headers, body = get(dev_server, "/uk/")

    assert status == 200
    assert "content-encoding" not in headers
    assert b'<html lang="uk"' in body


def test_an_image_is_not_compressed(dev_server):
    _, headers, _ = get(dev_server, "/assets/images/favicon.png", {"Accept-Encoding": "gzip"})

    assert "content-encoding" not in headers


def test_materials_hashed_bundle_may_be_kept_for_a_year(dev_server):
    status, headers, _ = get(dev_server, material_bundle(dev_server), {"Accept-Encoding": "gzip"})

    assert status == 200
    assert headers["cache-control"] == "public, max-age=31536000, immutable"
    assert headers["content-encoding"] == "gzip"


@pytest.mark.parametrize("path", ["/uk/", "/assets/widgets/booking-calendar/booking-calendar.js"])
def test_a_page_and_an_unhashed_asset_are_revalidated_each_time(dev_server, path):
    _, headers, _ = get(dev_server, path)

    assert headers["cache-control"] == "no-cache"
    assert headers["etag"].startswith('W/"')


def test_an_unchanged_page_asked_again_with_its_etag_is_a_304_without_a_body(dev_server):
    _, first, _ = get(dev_server, "/uk/")

    status, headers, body = get(
        dev_server, "/uk/", {"If-None-Match": first["etag"], "Accept-Encoding": "gzip"}
    )

    assert status == 304
    assert body == b""
    assert headers["etag"] == first["etag"]


def test_a_stale_etag_gets_the_whole_page(dev_server):
    status, _, body = get(dev_server, "/uk/", {"If-None-Match": 'W/"0-0"'})

    assert status == 200
    assert b'<html lang="uk"' in body


@pytest.mark.parametrize(
    ("header", "chosen"),
    [
        ("gzip, deflate, br, zstd", "br"),
        ("gzip", "gzip"),
        ("br;q=0, gzip;q=0.5", "gzip"),
        ("gzip;q=0", None),
        ("identity", None),
        ("", None),
        ("*", "gzip"),
    ],
)
def test_the_encoding_follows_what_the_client_accepts(header, chosen):
    assert accepted_encoding(header) == chosen
