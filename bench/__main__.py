"""`make bench`: how fast the API and the stores answer here. Prints a table; asserts nothing."""

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import devserver  # noqa: F401  (puts functions/ on the path)

ROOT = Path(__file__).resolve().parent.parent
NAMES = {language: "Bench office" for language in ("en", "pl", "uk", "ru", "vi")}


def measure(action: Callable[[int], object], repeat: int) -> list[float]:
    timings = []
    for number in range(repeat):
        start = time.perf_counter()
        action(number)
        timings.append((time.perf_counter() - start) * 1000)
    return timings


def row(what: str, where: str, timings: list[float]) -> str:
    ordered = sorted(timings)
    p90 = ordered[int(len(ordered) * 0.9) - 1]
    median = statistics.median(ordered)
    return f"| {what:<28} | {where:<8} | {len(timings):>5} | {median:>9.3f} | {p90:>9.3f} |"


def store_rows(store, where: str) -> list[str]:
    from chalicelib.sites.model import Site

    def save(number: int) -> None:
        store.save_site(Site(id=f"s{number:04}", city="Radom", name=NAMES))

    return [
        row("store: save a site", where, measure(save, 300)),
        row("store: get a site", where, measure(lambda n: store.get_site(f"s{n:04}"), 300)),
        row("store: list 300 sites", where, measure(lambda n: store.list_sites(), 30)),
    ]


def main() -> int:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.update(BLIZEJ_STORE="sqlite", BLIZEJ_SQLITE_PATH=f"{tmp}/bench.sqlite3")
        from chalicelib.storage.sqlite import SqliteStore
        from devserver.gateway import ApiGateway

        gateway = ApiGateway()
        rows.append(
            row(
                "GET /api/health (in-process)",
                "sqlite",
                measure(lambda n: gateway.handle("GET", "/health", {}, b""), 300),
            )
        )
        rows.append(
            row(
                "GET /api/openapi.json",
                "-",
                measure(lambda n: gateway.handle("GET", "/openapi.json", {}, b""), 100),
            )
        )
        rows += store_rows(SqliteStore(Path(tmp) / "store.sqlite3"), "sqlite")

        import boto3
        from moto import mock_aws

        from chalicelib.storage.dynamodb import DynamoStore, create_table

        os.environ.update(
            AWS_ACCESS_KEY_ID="x", AWS_SECRET_ACCESS_KEY="x", AWS_DEFAULT_REGION="eu-central-1"
        )
        with mock_aws():
            client = boto3.client("dynamodb")
            create_table(client, "bench")
            rows += store_rows(DynamoStore("bench", client), "moto")

        build = measure(
            lambda n: subprocess.run(
                [sys.executable, "-m", "mkdocs", "build", "-q", "-d", f"{tmp}/site"],
                cwd=ROOT,
                check=True,
                env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
            ),
            3,
        )
        rows.append(row("mkdocs build, 5 languages", "-", build))

    print("| operation                    | store    |     n | median ms |    p90 ms |")
    print("|------------------------------|----------|-------|-----------|-----------|")
    print("\n".join(rows))
    print("\nmoto runs DynamoDB in-process: its figures say nothing about AWS latency.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
