"""moto's ThreadedMotoServer, answering one request at a time.

DynamoDB applies each request atomically: a TransactWriteItems checks its conditions and writes as
one step. moto's threaded server does not: two transactions can both pass their conditions before
either writes, and then a race test "overbooks" through moto, not through our code. Serialising the
requests restores DynamoDB's guarantee while clients still race over real HTTP connections, so the
tests exercise what we own: the read, the choice and the conditional write that may lose.
"""

import threading

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
