"""Many HTTP clients at once: each on its own connection, all let go at the same instant."""

import http.client
import threading
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Call:
    method: str
    path: str
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Answer:
    status: int | None  # None when the connection failed before an answer came
    body: bytes = b""
    error: str | None = None  # the exception's name: ConnectionResetError, TimeoutError…


def rush(host: str, port: int, calls: list[Call], timeout: float = 120) -> list[Answer]:
    """Sends every call from its own thread and connection, all connecting together.

    Answers come back in the order of `calls`.
    """
    start = threading.Barrier(len(calls))
    answers: list[Answer | None] = [None] * len(calls)

    def client(number: int) -> None:
        call = calls[number]
        start.wait()
        connection = http.client.HTTPConnection(host, port, timeout=timeout)
        try:
            connection.request(call.method, call.path, body=call.body, headers=call.headers)
            response = connection.getresponse()
            answers[number] = Answer(response.status, response.read())
        except (OSError, http.client.HTTPException) as error:
            answers[number] = Answer(None, error=type(error).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [answer or Answer(None, error="no answer") for answer in answers]
