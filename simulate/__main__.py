"""`make simulate`: prints one table, the same every run (fixed seed).

SIMULATE_SIZE=full|small|tiny picks the SQLite size (full: 20 000 people, 2 000 bot identities,
1 500 seats); the DynamoDB run (moto server) is smaller (SIMULATE_MOTO_SIZE=moto|small|tiny, default
tiny: 120 people, 12 bot identities, 12 seats; every store call is an HTTP request there, and the
larger sizes take longer than anyone waits: see simulate/README.md).
SIMULATE_DYNAMODB=0 skips it.
"""

import logging
import os
import socket
import sys
import tempfile
import uuid
from pathlib import Path

import devserver  # noqa: F401  (puts functions/ on the path)
from simulate.release_day import FULL, MOTO, SMALL, TINY, Outcome, run

SEED = 20270125
SIZES = {"full": FULL, "small": SMALL, "moto": MOTO, "tiny": TINY}


def environment() -> None:
    os.environ.update(
        AWS_ACCESS_KEY_ID="x",
        AWS_SECRET_ACCESS_KEY="x",
        AWS_DEFAULT_REGION="eu-central-1",
        BLIZEJ_RELEASE_DELAY_MIN="0",  # a cancelled seat is offered at once (see release_day)
        BLIZEJ_RELEASE_DELAY_MAX="0",
    )
    os.environ.setdefault("BLIZEJ_PEPPER", "simulation-pepper")
    os.environ.pop("BLIZEJ_NOW", None)  # every service call gets its instant from the simulation


def on_sqlite(size, directory: Path) -> list[Outcome]:
    from chalicelib.storage import sqlite_stores

    return [
        run(mode, sqlite_stores(directory / f"{mode}.sqlite3"), "SQLite", size, SEED)
        for mode in ("first come", "ballot")
    ]


def on_moto(size) -> list[Outcome]:
    import boto3

    from chalicelib.storage import dynamodb_stores
    from tests.moto_server import AtomicMotoServer, item_rollback
    from tests.stack import create_table

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = AtomicMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    # moto copies the whole table for every transaction, so a filling table slows each write
    # down (the day never finished); item_rollback backs up only the transaction's own items.
    with item_rollback():
        server.start()
        try:
            client = boto3.client("dynamodb", endpoint_url=f"http://127.0.0.1:{port}")
            outcomes = []
            for mode in ("first come", "ballot"):
                name = f"simulate-{uuid.uuid4().hex[:6]}"
                create_table(client, name)
                outcomes.append(run(mode, dynamodb_stores(name, client), "DynamoDB", size, SEED))
            return outcomes
        finally:
            server.stop()


def yes_no(value: bool | None) -> str:
    return "-" if value is None else ("yes" if value else "NO")


def table(outcomes: list[Outcome]) -> str:
    columns = [f"{o.mode}, {o.store}" for o in outcomes]
    rows = [
        ("people / bot identities", [f"{o.size.people} / {o.size.bots}" for o in outcomes]),
        ("seats released", [str(o.size.seats) for o in outcomes]),
        ("requests sent (holds or entries)", [str(o.requests) for o in outcomes]),
        ("seats booked by the release", [str(o.booked) for o in outcomes]),
        ("share of seats won by bots", [f"{o.bot_share:.1%}" for o in outcomes]),
        ("seats assigned twice (must be 0)", [str(o.twice) for o in outcomes]),
        ("seats empty while wanted on the list (0)", [str(o.empty_while_wanted) for o in outcomes]),
        ("bookings cancelled (10 %)", [str(o.cancelled) for o in outcomes]),
        (
            "waiting-list offers made / accepted",
            [f"{o.offers_made} / {o.offers_accepted}" for o in outcomes],
        ),
        (
            "offers declined / lapsed unanswered",
            [f"{o.offers_declined} / {o.offers_lapsed}" for o in outcomes],
        ),
        ("draw recomputed from the seed matches", [yes_no(o.draw_verifies) for o in outcomes]),
    ]
    width = max(len(name) for name, _ in rows)
    widths = [max(len(c), *(len(values[n]) for _, values in rows)) for n, c in enumerate(columns)]
    lines = [
        "| "
        + " | ".join([" " * width, *(c.rjust(w) for c, w in zip(columns, widths, strict=True))])
        + " |",
        "|" + "|".join(["-" * (width + 2), *("-" * (w + 2) for w in widths)]) + "|",
    ]
    for name, values in rows:
        cells = [name.ljust(width), *(v.rjust(w) for v, w in zip(values, widths, strict=True))]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> int:
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # the moto server's request lines
    environment()
    size = SIZES[os.environ.get("SIMULATE_SIZE", "full")]
    print(f"Simulating a release day (seed {SEED})…", file=sys.stderr)
    # In memory-backed /dev/shm where there is one: the same SQLite, without waiting for the disk.
    shm = Path("/dev/shm")
    with tempfile.TemporaryDirectory(dir=shm if shm.is_dir() else None) as directory:
        outcomes = on_sqlite(size, Path(directory))
    if os.environ.get("SIMULATE_DYNAMODB", "1") != "0":
        print("…and the small one on DynamoDB (moto server)…", file=sys.stderr)
        outcomes += on_moto(SIZES[os.environ.get("SIMULATE_MOTO_SIZE", "tiny")])
    print(table(outcomes))
    return 0 if all(o.twice == 0 and o.empty_while_wanted == 0 for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
