"""`make print`: python -m print_materials [--out print] [--site-url URL]."""

import argparse
import os
from pathlib import Path

from print_materials import generate
from print_materials.content import DEFAULT_SITE_URL


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m print_materials",
        description="Leaflets, posters and checklists in every language, from the site's sources.",
    )
    parser.add_argument("--out", type=Path, default=Path("print"), help="default: print/")
    parser.add_argument(
        "--site-url",
        default=os.environ.get("BLIZEJ_SITE_URL", DEFAULT_SITE_URL),
        help="the public address the QR codes lead to (default: $BLIZEJ_SITE_URL or the local one)",
    )
    args = parser.parse_args()

    generated = generate(args.out, site_url=args.site_url)

    for path in generated.files:
        print(path)
    for service, languages in generated.without_checklist.items():
        print(f"no checklist for {service}: its guide page has none ({', '.join(languages)})")
    print(f"{len(generated.files)} PDFs for {args.site_url}")


if __name__ == "__main__":
    main()
