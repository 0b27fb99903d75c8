"""A stand-in for Cognito's sign-in pages (hosted UI), which cannot run here.

It speaks the part of OAuth 2.0 the staff console uses, as Cognito documents it: `/oauth2/authorize`
(the code flow with PKCE S256; it signs in whoever it was told to and sends them back with a
one-time code), `/oauth2/token` (the code, the client, the redirect address and the verifier
must all match, once) and `/logout`. Its ID tokens are unsigned JWTs with Cognito's claims;
chalice's local gateway reads their claims the way API Gateway's authorizer passes them on.
"""

import base64
import hashlib
import http.server
import json
import secrets
import threading
import time
import urllib.parse
from dataclasses import dataclass, field


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def id_token(username: str, groups: list[str]) -> str:
    header = b64url(json.dumps({"alg": "none", "typ": "JWT"}).encode())
    expires = int(time.time()) + 3600
    claims = {"cognito:username": username, "cognito:groups": groups, "exp": expires}
    return f"{header}.{b64url(json.dumps(claims).encode())}.sig"


@dataclass
class FakeCognito:
    client_id: str
    username: str = "anna@example.gov.pl"
    groups: list[str] = field(default_factory=lambda: ["staff"])
    codes: dict[str, dict] = field(default_factory=dict)
    token_requests: list[dict] = field(default_factory=list)
    url: str = ""

    def authorize(self, query: dict[str, str]) -> str:
        """Where the browser goes next: back to the console with a code (or an error)."""
        assert query["client_id"] == self.client_id and query["response_type"] == "code"
        assert query["code_challenge_method"] == "S256" and "openid" in query["scope"].split()
        code = secrets.token_urlsafe(16)
        self.codes[code] = query
        answer = {"code": code, "state": query["state"]}
        return query["redirect_uri"] + "?" + urllib.parse.urlencode(answer)

    def token(self, form: dict[str, str]) -> tuple[int, dict]:
        self.token_requests.append(form)
        asked = self.codes.pop(form.get("code", ""), None)
        verifier = form.get("code_verifier", "")
        if (
            asked is None
            or form.get("grant_type") != "authorization_code"
            or form.get("client_id") != self.client_id
            or form.get("redirect_uri") != asked["redirect_uri"]
            or b64url(hashlib.sha256(verifier.encode()).digest()) != asked["code_challenge"]
        ):
            return 400, {"error": "invalid_grant"}
        token = id_token(self.username, self.groups)
        tokens = {"id_token": token, "access_token": token, "expires_in": 3600}
        return 200, {**tokens, "token_type": "Bearer"}


def serve(cognito: FakeCognito, port: int) -> http.server.ThreadingHTTPServer:
    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            parts = urllib.parse.urlsplit(self.path)
            query = dict(urllib.parse.parse_qsl(parts.query))
            if parts.path == "/oauth2/authorize":
                self.redirect(cognito.authorize(query))
            elif parts.path == "/logout" and query.get("client_id") == cognito.client_id:
                self.redirect(query["logout_uri"])
            else:
                self.send_error(404)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            form = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))
            status, body = cognito.token(form) if self.path == "/oauth2/token" else (404, {})
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def redirect(self, location: str) -> None:
            self.send_response(302)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()

    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
    cognito.url = f"http://127.0.0.1:{port}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
