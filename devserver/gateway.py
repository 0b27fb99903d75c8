"""Hands /api/* requests to the Chalice app in-process, the way API Gateway hands them to Lambda."""

import base64
import os
import threading

from chalice.cli.factory import CLIFactory
from chalice.local import LocalGateway, LocalGatewayException

from devserver import FUNCTIONS_DIR


class ApiGateway:
    def __init__(self, stage: str = "dev") -> None:
        from app import app

        config = CLIFactory(str(FUNCTIONS_DIR)).create_config_obj(chalice_stage_name=stage)
        for name, value in config.environment_variables.items():
            os.environ.setdefault(name, value)
        self._gateway = LocalGateway(app, config)
        # Chalice keeps the current request on the app object: one request at a time, as in Lambda.
        self._lock = threading.Lock()

    def handle(
        self, method: str, path: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        """`path` is without the /api prefix, query string included."""
        with self._lock:
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


def _unrouted(error: LocalGatewayException, headers: dict[str, str]) -> tuple[int, list, bytes]:
    """A path no route matches never reaches the app; in AWS a gateway response does this."""
    if error.CODE == 403:
        return problem_reply(404, "not-found", headers)
    return problem_reply(401, "unauthorized", headers)


def problem_reply(status: int, code: str, headers: dict[str, str]) -> tuple[int, list, bytes]:
    from chalicelib.web.problems import Problem, negotiate_language

    problem = Problem(status, code)
    language = negotiate_language(headers.get("accept-language"))
    status, response_headers, body = problem.encode(language)
    return status, list(response_headers.items()), body.encode("utf-8")
