"""MkDocs hook: a Content-Security-Policy in every page that allows only the site's own scripts.

Material writes a few small inline scripts into each page (its settings, the colour scheme). This
hook hashes the inline scripts of each page and puts them, with 'self', into a <meta> policy at the
top of <head>. In AWS, CloudFront adds the rest of the policy as a header (infra/resources.yml);
a browser enforces both, so scripts run only from the site's own files or with a listed hash.
"""

import base64
import hashlib
import re
from typing import Any

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.DOTALL)


def policy(html: str) -> str:
    hashes = sorted(
        {
            "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"
            for attributes, body in INLINE_SCRIPT.findall(html)
            if "application/json" not in attributes and body.strip()
        }
    )
    # worker-src: the service worker (docs/service-worker.js) comes from the site itself.
    rest = "worker-src 'self'; object-src 'none'; base-uri 'self'"
    return " ".join(["script-src 'self'", *hashes]) + "; " + rest


def on_post_page(output: str, page: Any, config: Any) -> str:
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(output)}">'
    return output.replace("<head>", "<head>\n    " + meta, 1)
