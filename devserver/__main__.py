"""`make dev`: build the site, open the local store, serve both on one URL until Ctrl-C."""

import argparse
import errno
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(prog="make dev", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--data-dir", type=Path, default=ROOT / ".data")
    parser.add_argument("--site-dir", type=Path, default=ROOT / "site")
    parser.add_argument("--root", type=Path, default=ROOT, help="where mkdocs.yml and docs/ are")
    args = parser.parse_args()

    from devserver.localenv import configure
    from devserver.server import DevServer

    data_dir = args.data_dir.resolve()
    configure(data_dir)

    from chalicelib import clock

    try:
        pinned = clock.now() if os.environ.get(clock.SETTING) else None
    except clock.ClockMisconfigured as error:
        print(error, file=sys.stderr)
        return 2

    from devserver.gateway import ApiGateway
    from devserver.seed import seed_if_empty
    from devserver.sitebuild import SiteBuilder

    builder = SiteBuilder(args.site_dir.resolve(), args.root.resolve())
    gateway = ApiGateway()
    try:
        server = DevServer((args.host, args.port), builder, gateway)
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            print(
                f"Port {args.port} is already in use. Stop whatever uses it, "
                f"or choose another port: make dev PORT={args.port + 1}",
                file=sys.stderr,
            )
            return 2
        raise

    url = f"http://{args.host}:{server.server_address[1]}/"
    os.environ.setdefault("BLIZEJ_SITE_URL", url)
    try:
        from chalicelib.storage import get_store

        if seed_if_empty(get_store()):
            print(f"Seeded demo data into {os.environ['BLIZEJ_SQLITE_PATH']}")
        print("Building the site in five languages...", flush=True)
        builder.ensure_fresh()
        print(f"Emails are written to {os.environ['BLIZEJ_OUTBOX']}/ as .eml files", flush=True)
        print(f"Staff token for the staff pages: see {data_dir / 'staff-token'}", flush=True)
        if pinned:
            print(f"The clock is pinned by {clock.SETTING}: it is {pinned:%Y-%m-%d %H:%M} UTC")
        print("Press Ctrl-C to stop.", flush=True)
        print(f"Bliżej is running at {url}  (API: {url}api/health)", flush=True)
        _demo_cases_once(server, url, data_dir)
        server.serve_until_interrupted()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    print("\nStopped.", flush=True)
    return 0


def _demo_cases_once(server, url: str, data_dir: Path) -> None:
    """On a new .data/, the demo document-workflow client pushes its cases over HTTP."""
    out = data_dir / "demo-cases.txt"
    if out.exists():
        return

    def push() -> None:
        from devserver.demo_cases import push_demo

        try:
            push_demo(url, os.environ["BLIZEJ_INGEST_SECRETS"].split(",")[0], out)
            print(f"Demo cases to look up: see {out}", flush=True)
        except OSError as error:
            print(f"Demo cases were not pushed: {error}", file=sys.stderr, flush=True)

    import threading

    threading.Thread(target=push, daemon=True).start()


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:  # Ctrl-C while still starting up
        print("\nStopped.", flush=True)
        sys.exit(0)
