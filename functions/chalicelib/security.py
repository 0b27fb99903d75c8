"""Keyed hashes for secrets we must recognise but never store: document numbers, tokens, codes.

Secrets come from the environment locally (make dev keeps them in .data/) and from SSM Parameter
Store in AWS (`<NAME>_PARAMETER` names the parameter), read on first use and kept for five
minutes, so a rotated ingest secret is picked up without a deployment.
"""

import base64
import hashlib
import hmac
import re
import time

from chalicelib.config import secret_source


class PepperMissing(RuntimeError):
    pass


SECRET_TTL_SECONDS = 300
_fetched: dict[str, tuple[float, str]] = {}


def _from_ssm(name: str) -> str:
    now = time.monotonic()
    kept = _fetched.get(name)
    if kept and now - kept[0] < SECRET_TTL_SECONDS:
        return kept[1]
    import boto3

    parameter = boto3.client("ssm").get_parameter(Name=name, WithDecryption=True)
    value = parameter["Parameter"]["Value"]
    _fetched[name] = (now, value)
    return value


def secret(name: str) -> str | None:
    """`name` from the environment, or from the SSM parameter `<name>_PARAMETER` names."""
    value, parameter = secret_source(name)
    if value:
        return value
    if parameter:
        return _from_ssm(parameter)
    return None


def pepper() -> bytes:
    if value := secret("BLIZEJ_PEPPER"):
        return value.encode()
    raise PepperMissing("set BLIZEJ_PEPPER or BLIZEJ_PEPPER_PARAMETER")


def keyed_hash(purpose: str, value: str) -> str:
    """HMAC-SHA256 of `value`; `purpose` keeps a hash of one kind from matching another kind."""
    message = f"{purpose}\0{value}".encode()
    return hmac.new(pepper(), message, hashlib.sha256).hexdigest()


def keyed_token(purpose: str, value: str) -> str:
    """A secret made from another one: the same `value` gives the same token every time.

    So a link can be answered again with the token it led to the first time, which is stored
    only as a hash and cannot be read back.
    """
    message = f"token\0{purpose}\0{value}".encode()
    digest = hmac.new(pepper(), message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:24]).decode()


def matches(purpose: str, value: str, expected_hash: str) -> bool:
    return bool(expected_hash) and hmac.compare_digest(keyed_hash(purpose, value), expected_hash)


def normalise_document(number: str) -> str:
    """`ab 123-456` and `AB123456` are the same passport."""
    return re.sub(r"[\s\-]", "", number).upper()
