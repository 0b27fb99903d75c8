"""Many HTTP clients at once: each on its own connection, all let go at the same instant."""

import http.client
import json
import threading
import time
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


@dataclass(frozen=True)
class Rush:
    answers: list[Answer]  # in the order of the calls
    seconds: float  # from letting the clients go to the last answer


def rush(host: str, port: int, calls: list[Call], timeout: float = 120) -> Rush:
    """Sends every call from its own thread and connection, all connecting together."""
    released: list[float] = []
    start = threading.Barrier(len(calls), action=lambda: released.append(time.perf_counter()))
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
    seconds = time.perf_counter() - released[0]
    return Rush([answer or Answer(None, error="no answer") for answer in answers], seconds)


def staff_call(method: str, path: str, token: str, body: object = None) -> Call:
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    return Call(method, path, None if body is None else json.dumps(body).encode(), headers)


def open_capacity_slots(host: str, port: int, token: str, service: str, capacity: int) -> None:
    """A service at the Warsaw office with `capacity` seats in each slot, Thursdays 8:00–16:00."""
    names = {language: "Rush hour" for language in ("en", "pl", "uk", "ru", "vi")}
    for path, body in [
        (f"/api/admin/services/{service}", {"name": names, "duration_minutes": 15, "letter": "Z"}),
        (
            f"/api/admin/sites/waw/schedules/{service}",
            {"weekly": {"3": [["08:00", "16:00"]]}, "counters": capacity},
        ),
    ]:
        [answer] = rush(host, port, [staff_call("PUT", path, token, body)]).answers
        if answer.status != 200:
            raise RuntimeError(f"PUT {path} answered {answer.status}: {answer.body!r}")


def hold_call(service: str, start: str, number: int) -> Call:
    """POST /api/bookings for the Warsaw office by applicant `number`: a person of their own."""
    person = {
        "site": "waw",
        "service": service,
        "start": start,
        "name": f"Client {number}",
        "email": f"client{number}@example.org",
        "document": f"RU{number:07}",
        "language": "en",
        "consent": True,
    }
    headers = {"Content-Type": "application/json"}
    return Call("POST", "/api/bookings", json.dumps(person).encode(), headers)
