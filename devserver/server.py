"""One HTTP server for the site and the API: /api/* goes to the app, everything else is a file."""

import html
import mimetypes
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from devserver.gateway import ApiGateway, problem_reply
from devserver.sitebuild import SiteBuilder

MAX_API_BODY = 1024 * 1024
mimetypes.add_type("text/javascript", ".js")
mimetypes.add_type("text/javascript", ".mjs")


class DevServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], builder: SiteBuilder, gateway: ApiGateway) -> None:
        self.builder = builder
        self.gateway = gateway
        super().__init__(address, Handler)


class Handler(BaseHTTPRequestHandler):
    server: DevServer
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self._dispatch()

    def do_HEAD(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    def do_PUT(self) -> None:
        self._dispatch()

    def do_PATCH(self) -> None:
        self._dispatch()

    def do_DELETE(self) -> None:
        self._dispatch()

    def do_OPTIONS(self) -> None:
        self._dispatch()

    def log_message(self, format: str, *args: object) -> None:
        # The path alone: query strings and bodies may carry personal data.
        print(f"{self.command} {urlsplit(self.path).path} {args[1] if len(args) > 1 else ''}")

    def _dispatch(self) -> None:
        path = urlsplit(self.path).path
        if path == "/api" or path.startswith("/api/"):
            self._api()
        elif self.command in ("GET", "HEAD"):
            self._static(path)
        else:
            self._send(HTTPStatus.METHOD_NOT_ALLOWED, [("Allow", "GET, HEAD")], b"")

    def _api(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_API_BODY:
            self.close_connection = True
            self._send(
                *problem_reply(
                    413, "payload-too-large", {k.lower(): v for k, v in self.headers.items()}
                )
            )
            return
        body = self.rfile.read(length) if length else b""
        target = self.path[len("/api") :] or "/"
        headers = {name.lower(): value for name, value in self.headers.items()}
        status, response_headers, payload = self.server.gateway.handle(
            self.command, target, headers, body
        )
        self._send(status, response_headers, payload)

    def _static(self, path: str) -> None:
        if _is_page(path):
            self.server.builder.ensure_fresh()
        if self.server.builder.error:
            log = html.escape(self.server.builder.error)
            page = f"<h1>The site did not build</h1><pre>{log}</pre>"
            self._send(500, [("Content-Type", "text/html; charset=utf-8")], page.encode())
            return
        root = self.server.builder.site_dir.resolve()
        if path.startswith("/print/"):  # what `make print` made, where the deployment puts it
            root, path = (self.server.builder.root / "print").resolve(), path[len("/print") :]
        file = (root / unquote(path).lstrip("/")).resolve()
        if not file.is_relative_to(root):
            self._not_found(root)
            return
        if file.is_dir():
            if not path.endswith("/"):
                self._send(HTTPStatus.MOVED_PERMANENTLY, [("Location", path + "/")], b"")
                return
            file = file / "index.html"
        if not file.is_file():
            self._not_found(root)
            return
        content_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if content_type.startswith("text/") or content_type.endswith(("json", "xml")):
            content_type += "; charset=utf-8"
        headers = [("Content-Type", content_type), ("Cache-Control", "no-cache")]
        self._send(HTTPStatus.OK, headers, file.read_bytes())

    def _not_found(self, root: Path) -> None:
        page = root / "404.html"
        body = page.read_bytes() if page.is_file() else b"Not found"
        self._send(HTTPStatus.NOT_FOUND, [("Content-Type", "text/html; charset=utf-8")], body)

    def _send(self, status: int, headers: list[tuple[str, str]], body: bytes) -> None:
        self.send_response(status)
        for name, value in headers:
            if name.lower() not in ("content-length", "connection"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def _is_page(path: str) -> bool:
    return path.endswith(("/", ".html")) or "." not in path.rsplit("/", 1)[-1]
