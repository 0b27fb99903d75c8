"""The local server of `make dev`: the built site and the API on one URL, like CloudFront in AWS."""

import sys
from pathlib import Path

FUNCTIONS_DIR = Path(__file__).resolve().parent.parent / "functions"

# The Chalice project imports its own code as `chalicelib`, as Lambda does from the package root.
if str(FUNCTIONS_DIR) not in sys.path:
    sys.path.insert(0, str(FUNCTIONS_DIR))
