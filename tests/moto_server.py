"""moto's ThreadedMotoServer, answering one request at a time.

DynamoDB applies each request atomically: a TransactWriteItems checks its conditions and writes as
one step. moto's threaded server does not: two transactions can both pass their conditions before
either writes, and then a race test "overbooks" through moto, not through our code. Serialising the
requests restores DynamoDB's guarantee while clients still race over real HTTP connections, so the
tests exercise what we own: the read, the choice and the conditional write that may lose.
"""

import contextlib
import copy
import threading
from unittest import mock

from moto.dynamodb.models import DynamoDBBackend
from moto.dynamodb.models.table import Table
from moto.moto_server.threaded_moto_server import ThreadedMotoServer
from moto.moto_server.werkzeug_app import (
    DomainDispatcherApplication,
    MotoRequestHandler,
    create_backend_app,
)
from werkzeug.serving import make_server


class AtomicMotoServer(ThreadedMotoServer):
    def _server_entry(self) -> None:
        app = DomainDispatcherApplication(create_backend_app)
        lock = threading.Lock()

        def one_at_a_time(environ, start_response):
            with lock:
                return list(app(environ, start_response))

        self._server = make_server(
            self._ip_address, self._port, one_at_a_time, True, request_handler=MotoRequestHandler
        )
        self._server_ready_event.set()
        self._server.serve_forever()


@contextlib.contextmanager
def item_rollback():
    """moto's TransactWriteItems backs up the whole table by `copy.deepcopy` before it starts
    (once per item of the transaction) so that it can roll back: every transaction costs time
    in proportion to the table, and a run that fills a table slows quadratically (a release day
    of 600 people never finished). DynamoDB itself has no such cost. Inside this context a
    transaction backs up only the items it names and puts exactly those back when it is
    cancelled: the same outcome, as long as requests are applied one at a time (this server,
    or `mock_aws` without threads)."""
    original = DynamoDBBackend.transact_write_items

    def transact_write_items(backend: DynamoDBBackend, transact_items: list[dict]) -> None:
        saved = []
        for item in transact_items:
            op = next(iter(item.values()))
            name = op.get("TableName")
            if name not in backend.tables:
                continue  # moto reports it as it always does
            table = backend.tables[name]
            key = op.get("Key") or {
                attr: op["Item"][attr]
                for attr in (table.hash_key_attr, table.range_key_attr)
                if attr is not None and attr in op.get("Item", {})
            }
            with contextlib.suppress(Exception):  # a malformed key: moto refuses it itself
                current = backend.get_item(name, key)
                saved.append((name, key, copy.deepcopy(current.to_json()) if current else None))
        tables = dict(backend.tables)
        try:
            original(backend, transact_items)
        except Exception:
            backend.tables.update(tables)  # moto put its "backups" (the same tables) back
            for name, key, before in reversed(saved):
                if before is None:
                    with contextlib.suppress(Exception):
                        backend.delete_item(name, key)
                else:
                    backend.put_item(name, before["Attributes"])
            raise

    with (
        mock.patch.object(Table, "__deepcopy__", lambda table, memo: table, create=True),
        mock.patch.object(DynamoDBBackend, "transact_write_items", transact_write_items),
    ):
        yield
