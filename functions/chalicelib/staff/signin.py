"""Staff sign-in with the office's Cognito user pool: its sign-in pages and the code flow with PKCE.

The console sends the staff member to Cognito's sign-in page and gets back a one-time code. The
API swaps the code for an ID token at Cognito's token endpoint, so the site only ever talks to
its own origin (its CSP says `connect-src 'self'`). The code is worth nothing without the
verifier the console kept in the tab. Locally (`staff_auth` "token") none of this is used.
"""

import json
import urllib.error
import urllib.parse
import urllib.request

from chalicelib.config import Settings
from chalicelib.web.problems import FieldError, Problem

SCOPE = "openid email"
TIMEOUT_SECONDS = 5


def sign_in_details(settings: Settings) -> dict:
    """What the console needs to start a sign-in."""
    if settings.staff_auth != "cognito":
        return {"method": "token"}
    base = _cognito(settings)
    return {
        "method": "cognito",
        "authorize_url": f"{base}/oauth2/authorize",
        "logout_url": f"{base}/logout",
        "client_id": settings.staff_client_id,
        "scope": SCOPE,
    }


def exchange(settings: Settings, code: str, verifier: str, redirect_uri: str) -> dict:
    """Cognito's ID token for a sign-in code; 401 when Cognito refuses the code."""
    if settings.staff_auth != "cognito":
        raise Problem(404, "not-found")
    if not redirect_uri.startswith(settings.site_url + "/"):
        raise Problem(422, "validation-failed", [FieldError("redirect_uri", "not-allowed")])
    form = {
        "grant_type": "authorization_code",
        "client_id": settings.staff_client_id,
        "code": code,
        "redirect_uri": redirect_uri,
        "code_verifier": verifier,
    }
    request = urllib.request.Request(
        f"{_cognito(settings)}/oauth2/token",
        data=urllib.parse.urlencode(form).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            tokens = json.load(response)
    except urllib.error.HTTPError as error:
        # 400 invalid_grant: a used, expired or forged code, or the wrong verifier.
        if 400 <= error.code < 500:
            raise Problem(401, "sign-in-failed") from None
        raise Problem(503, "sign-in-unavailable") from None
    except (OSError, ValueError):
        raise Problem(503, "sign-in-unavailable") from None
    if not isinstance(tokens, dict) or not isinstance(tokens.get("id_token"), str):
        raise Problem(503, "sign-in-unavailable")
    expires_in = tokens.get("expires_in")
    return {
        "id_token": tokens["id_token"],
        "expires_in": expires_in if isinstance(expires_in, int) else 3600,
    }


def _cognito(settings: Settings) -> str:
    if not settings.staff_sign_in_url or not settings.staff_client_id:
        raise Problem(503, "sign-in-unavailable")
    return settings.staff_sign_in_url.rstrip("/")
