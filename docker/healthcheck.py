"""HEALTHCHECK of the application image: the portal's /api/laodata/health answers 200
(PostgreSQL, Redis and the search backend all reachable from this container)."""

from __future__ import annotations

import os
import sys
import urllib.error
import urllib.request

URL = f"http://127.0.0.1:{os.environ.get('LAODATA_PORT', '5000')}/api/laodata/health"

try:
    with urllib.request.urlopen(URL, timeout=8) as response:  # noqa: S310 (a fixed http URL)
        sys.exit(0 if response.status == 200 else 1)
except urllib.error.HTTPError as error:
    print(error.read().decode("utf-8", "replace")[:500])
    sys.exit(1)
except OSError as error:
    print(f"{URL}: {error}")
    sys.exit(1)
