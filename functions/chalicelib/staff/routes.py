from chalice import Response

from chalicelib.config import settings
from chalicelib.staff import signin
from chalicelib.web.api import ApiBlueprint

bp = ApiBlueprint(__name__, tag="staff")

URL = {"type": "string", "minLength": 1, "maxLength": 2048}
SIGN_IN = {
    "type": "object",
    "properties": {
        "method": {"type": "string", "enum": ["token", "cognito"]},
        "authorize_url": URL,
        "logout_url": URL,
        "client_id": {"type": "string"},
        "scope": {"type": "string"},
    },
    "required": ["method"],
}
SESSION_INPUT = {
    "type": "object",
    "properties": {
        "code": {"type": "string", "pattern": "[A-Za-z0-9._~-]{1,512}"},
        "code_verifier": {"type": "string", "pattern": "[A-Za-z0-9._~-]{43,128}"},  # RFC 7636
        "redirect_uri": URL,
    },
    "required": ["code", "code_verifier", "redirect_uri"],
}
SESSION = {
    "type": "object",
    "properties": {"id_token": {"type": "string"}, "expires_in": {"type": "integer"}},
    "required": ["id_token", "expires_in"],
}


@bp.endpoint(
    "GET",
    "/staff/sign-in",
    summary="How the console signs in",
    response=SIGN_IN,
    errors=(503,),
    uses_store=False,
)
def sign_in() -> Response:
    return Response(body=signin.sign_in_details(settings()), headers={"Cache-Control": "no-store"})


@bp.endpoint(
    "POST",
    "/staff/session",
    summary="Swap a one-time sign-in code from Cognito for the staff member's ID token",
    body=SESSION_INPUT,
    response=SESSION,
    errors=(401, 404, 422, 503),
    uses_store=False,
)
def session(body: dict) -> Response:
    tokens = signin.exchange(settings(), body["code"], body["code_verifier"], body["redirect_uri"])
    return Response(body=tokens, headers={"Cache-Control": "no-store"})
