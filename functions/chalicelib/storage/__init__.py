"""Builds the store the configuration asks for, once per process and configuration."""

import threading

from chalicelib.config import settings
from chalicelib.storage.port import Store

_stores: dict[tuple, Store] = {}
_lock = threading.Lock()


def get_store() -> Store:
    config = settings()
    key = (config.store, str(config.sqlite_path), config.table_name)
    with _lock:
        if key not in _stores:
            _stores[key] = _build(config.store, config)
        return _stores[key]


def _build(kind: str, config) -> Store:
    if kind == "sqlite":
        from chalicelib.storage.sqlite import SqliteStore

        return SqliteStore(config.sqlite_path)
    if kind == "dynamodb":
        from chalicelib.storage.dynamodb import DynamoStore

        return DynamoStore(config.table_name)
    raise ValueError(f"BLIZEJ_STORE must be 'sqlite' or 'dynamodb', not {kind!r}")
