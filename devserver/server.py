"""One HTTP server for the site and the API: /api/* goes to the app, everything else is a file.

Waitress serves it. Its one thread reads and writes every connection, so a slow or idle client
holds no worker; a fixed pool of workers runs the requests, and a request reaches a worker only
once its body has arrived whole. Connections beyond what it holds open wait in a long listen
backlog instead of being refused.
"""

import logging
import mimetypes
import sys
import traceback
from collections.abc import Callable, Iterable
from html import escape
from http import HTTPStatus
from pathlib import Path
from urllib.parse import SplitResult, unquote, urlsplit

from waitress import wasyncore
from waitress.channel import HTTPChannel
from waitress.server import TcpWSGIServer
from waitress.task import ErrorTask

from devserver.delivery import file_reply
from devserver.gateway import ApiGateway, problem_reply
from devserver.sitebuild import SiteBuilder

MAX_API_BODY = 1024 * 1024
SITE_METHODS = "GET, HEAD"
# Enough workers that a site rebuild, which keeps page requests waiting, leaves the API free;
# few enough that SQLite sees a handful of writers, not one per client.
WORKERS = 16
BACKLOG = 2048  # the kernel caps it (Linux: net.core.somaxconn, 4096 by default)
CONNECTIONS = 1000

Reply = tuple[int, list[tuple[str, str]], bytes]

mimetypes.add_type("text/javascript", ".js")
mimetypes.add_type("text/javascript", ".mjs")


class DevSite:
    """The WSGI application: files of the built site and of `make print`, and /api/* to the app."""

    def __init__(self, builder: SiteBuilder, gateway: ApiGateway) -> None:
        self.builder = builder
        self.gateway = gateway

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        method = environ["REQUEST_METHOD"]
        # As it was sent, still quoted: the API routes and the file names decode it themselves.
        target = urlsplit(environ.get("REQUEST_URI") or "/")
        path = target.path or "/"
        headers = _request_headers(environ)
        try:
            status, reply_headers, body = self._answer(method, target, headers, environ)
        except Exception:
            traceback.print_exc(file=sys.stderr)
            status, reply_headers, body = problem_reply(500, "internal-error", headers)
        log_request(method, path, status)
        start_response(_status_line(status), _response_headers(reply_headers, body))
        return [b""] if method == "HEAD" else [body]

    def _answer(
        self, method: str, target: SplitResult, headers: dict[str, str], environ: dict
    ) -> Reply:
        path = target.path or "/"
        if path == "/api" or path.startswith("/api/"):
            body = environ["wsgi.input"].read()  # whole already: waitress holds it back until then
            api_target = (path[len("/api") :] or "/") + (f"?{target.query}" if target.query else "")
            return self.gateway.handle(method, api_target, headers, body)
        if method not in ("GET", "HEAD"):
            return problem_reply(405, "method-not-allowed", headers, {"Allow": SITE_METHODS})
        return self._static(path, headers)

    def _static(self, path: str, request_headers: dict[str, str]) -> Reply:
        if _is_page(path):
            self.builder.ensure_fresh()
        if self.builder.error:
            page = f"<h1>The site did not build</h1><pre>{escape(self.builder.error)}</pre>"
            return 500, [("Content-Type", "text/html; charset=utf-8")], page.encode()
        root = self.builder.site_dir.resolve()
        printed = (self.builder.root / "print").resolve()
        # What `make print` made, where the deployment puts it; anything else under /print/ (the
        # English "Print materials" page itself) is the site's, as under a version in AWS.
        if path.startswith("/print/") and (printed / unquote(path[len("/print/") :])).is_file():
            root, path = printed, path[len("/print") :]
        file = (root / unquote(path).lstrip("/")).resolve()
        if not file.is_relative_to(root):
            return _not_found(root)
        if file.is_dir():
            if not path.endswith("/"):
                return HTTPStatus.MOVED_PERMANENTLY, [("Location", path + "/")], b""
            file = file / "index.html"
        if not file.is_file():
            return _not_found(root)
        content_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if content_type.startswith("text/") or content_type.endswith(("json", "xml")):
            content_type += "; charset=utf-8"
        return file_reply(file, content_type, request_headers)


class _ProblemErrorTask(ErrorTask):
    """Waitress answers a few requests itself; a body too large is a problem, as from the API."""

    def execute(self) -> None:
        error = self.request.error
        if error.code not in (413, 500):
            super().execute()
            return
        code = "payload-too-large" if error.code == 413 else "internal-error"
        language = {"accept-language": self.request.headers.get("ACCEPT_LANGUAGE", "")}
        status, headers, body = problem_reply(error.code, code, language)
        log_request(self.request.command or "-", self.request.path or "-", status)
        self.status = _status_line(status)
        self.response_headers.extend(headers)
        self.set_close_on_finish()
        self.content_length = len(body)
        self.write(body)


class _Channel(HTTPChannel):
    error_task_class = _ProblemErrorTask


class DevServer(TcpWSGIServer):
    channel_class = _Channel

    def __init__(self, address: tuple[str, int], builder: SiteBuilder, gateway: ApiGateway) -> None:
        # Under a burst waitress says how deep its queue is, once per request: noise here.
        logging.getLogger("waitress.queue").setLevel(logging.ERROR)
        self._connections: dict = {}
        super().__init__(
            DevSite(builder, gateway),
            map=self._connections,
            host=address[0],
            port=address[1],
            threads=WORKERS,
            backlog=BACKLOG,
            connection_limit=_connection_limit(),
            asyncore_use_poll=True,  # select() stops at 1024 open files
            max_request_body_size=MAX_API_BODY,
            ident="blizej-dev",
        )
        self.server_address = (self.effective_host, int(self.effective_port))

    def serve_until_interrupted(self) -> None:
        """Serves until Ctrl-C, then lets the workers finish what they are doing (up to 5 s)."""
        self.run()  # waitress catches the KeyboardInterrupt and stops its workers

    def server_close(self) -> None:
        self.task_dispatcher.shutdown()
        wasyncore.close_all(self._connections)


def log_request(method: str, path: str, status: int) -> None:
    # The path alone: query strings and bodies may carry personal data. One write per line, so
    # lines from many workers do not interleave.
    sys.stdout.write(f"{method} {path} {int(status)}\n")


def _connection_limit() -> int:
    """CONNECTIONS, or fewer where the process may not open that many files; the rest wait."""
    try:
        import resource
    except ImportError:  # Windows has no such limit to raise
        return CONNECTIONS
    spare = 100  # the database, the site's files, the build
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = CONNECTIONS + spare
    if soft != resource.RLIM_INFINITY and soft < wanted:
        raised = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (raised, hard))
            soft = raised
        except (ValueError, OSError):
            pass
    if soft == resource.RLIM_INFINITY:
        return CONNECTIONS
    return max(min(CONNECTIONS, soft - spare), 10)


def _request_headers(environ: dict) -> dict[str, str]:
    headers = {
        key[len("HTTP_") :].replace("_", "-").lower(): value
        for key, value in environ.items()
        if key.startswith("HTTP_")
    }
    for key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
        if environ.get(key):
            headers[key.replace("_", "-").lower()] = environ[key]
    return headers


def _response_headers(headers: list[tuple[str, str]], body: bytes) -> list[tuple[str, str]]:
    # Waitress frames the message and keeps the connection; the app must not say how.
    framing = ("content-length", "connection", "keep-alive", "transfer-encoding")
    kept = [(name, value) for name, value in headers if name.lower() not in framing]
    return [*kept, ("Content-Length", str(len(body)))]


def _status_line(status: int) -> str:
    try:
        return f"{int(status)} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"{int(status)} Status {int(status)}"


def _not_found(root: Path) -> Reply:
    page = root / "404.html"
    body = page.read_bytes() if page.is_file() else b"Not found"
    return HTTPStatus.NOT_FOUND, [("Content-Type", "text/html; charset=utf-8")], body


def _is_page(path: str) -> bool:
    return path.endswith(("/", ".html")) or "." not in path.rsplit("/", 1)[-1]
