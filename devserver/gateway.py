"""Hands /api/* requests to the Chalice app in-process, the way API Gateway hands them to Lambda."""

import base64
import os
import threading

from chalice import Chalice
from chalice.cli.factory import CLIFactory
from chalice.local import LocalGateway, LocalGatewayException

from devserver import FUNCTIONS_DIR


class ApiGateway:
    """Safe to call from many threads at once: each request sees only its own state."""

    def __init__(self, stage: str = "dev") -> None:
        from app import app

        config = CLIFactory(str(FUNCTIONS_DIR)).create_config_obj(chalice_stage_name=stage)
        for name, value in config.environment_variables.items():
            os.environ.setdefault(name, value)
        keep_requests_per_thread(app)
        self._gateway = LocalGateway(app, config)

    def handle(
        self, method: str, path: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        """`path` is without the /api prefix, query string included."""
        try:
            response = self._gateway.handle_request(method, path, headers, body)
        except LocalGatewayException as error:
            return _unrouted(error, headers)
        payload = response.get("body") or b""
        if response.get("isBase64Encoded"):
            payload = base64.b64decode(payload)
        elif isinstance(payload, str):
            payload = payload.encode("utf-8")
        pairs = [(k, v) for k, v in response.get("headers", {}).items()]
        for name, values in response.get("multiValueHeaders", {}).items():
            pairs += [(name, value) for value in values]
        return response["statusCode"], pairs, payload


class _PerThreadRequest:
    """Chalice keeps the request it is handling on the app object, one at a time as in Lambda.

    Every view and blueprint reads it back from there (`app.current_request`,
    `bp.current_request`), so a server that handles requests in several threads must give each
    thread its own. These properties, put in front of the app's class, do that; the rest of
    Chalice is untouched.
    """

    _per_thread: threading.local

    @property
    def current_request(self):
        return getattr(self._per_thread, "current_request", None)

    @current_request.setter
    def current_request(self, request) -> None:
        self._per_thread.current_request = request

    @property
    def lambda_context(self):
        return getattr(self._per_thread, "lambda_context", None)

    @lambda_context.setter
    def lambda_context(self, context) -> None:
        self._per_thread.lambda_context = context


def keep_requests_per_thread(app: Chalice) -> None:
    """Makes `app` keep its current request and Lambda context per thread, from now on."""
    if isinstance(app, _PerThreadRequest):
        return
    app._per_thread = threading.local()  # type: ignore[attr-defined]
    for name in ("current_request", "lambda_context"):
        app.__dict__.pop(name, None)  # what a request before this left behind
    app.__class__ = type(f"PerThread{type(app).__name__}", (_PerThreadRequest, type(app)), {})


def _unrouted(error: LocalGatewayException, headers: dict[str, str]) -> tuple[int, list, bytes]:
    """A path no route matches never reaches the app; in AWS a gateway response does this."""
    if error.CODE == 403:
        return problem_reply(404, "not-found", headers)
    return problem_reply(401, "unauthorized", headers)


def problem_reply(
    status: int, code: str, headers: dict[str, str], extra_headers: dict[str, str] | None = None
) -> tuple[int, list, bytes]:
    from chalicelib.web.problems import Problem, negotiate_language

    problem = Problem(status, code, headers=extra_headers or {})
    language = negotiate_language(headers.get("accept-language"))
    status, response_headers, body = problem.encode(language)
    return status, list(response_headers.items()), body.encode("utf-8")
