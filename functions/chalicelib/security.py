"""Keyed hashes for secrets we must recognise but never store: document numbers, tokens, codes.

The pepper (the HMAC key) comes from the environment locally (make dev keeps one in .data/) and
from SSM Parameter Store in AWS, read once per process on first use.
"""

import hashlib
import hmac
import os
import re
from functools import cache


class PepperMissing(RuntimeError):
    pass


@cache
def _pepper_from_ssm(name: str) -> bytes:
    import boto3

    parameter = boto3.client("ssm").get_parameter(Name=name, WithDecryption=True)
    return parameter["Parameter"]["Value"].encode()


def pepper() -> bytes:
    if value := os.environ.get("BLIZEJ_PEPPER"):
        return value.encode()
    if name := os.environ.get("BLIZEJ_PEPPER_PARAMETER"):
        return _pepper_from_ssm(name)
    raise PepperMissing("set BLIZEJ_PEPPER or BLIZEJ_PEPPER_PARAMETER")


def keyed_hash(purpose: str, value: str) -> str:
    """HMAC-SHA256 of `value`; `purpose` keeps a hash of one kind from matching another kind."""
    message = f"{purpose}\0{value}".encode()
    return hmac.new(pepper(), message, hashlib.sha256).hexdigest()


def matches(purpose: str, value: str, expected_hash: str) -> bool:
    return bool(expected_hash) and hmac.compare_digest(keyed_hash(purpose, value), expected_hash)


def normalise_document(number: str) -> str:
    """`ab 123-456` and `AB123456` are the same passport."""
    return re.sub(r"[\s\-]", "", number).upper()
