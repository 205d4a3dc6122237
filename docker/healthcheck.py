"""HEALTHCHECK of the application image.

web: the portal's /api/laodata/health answers 200 (PostgreSQL, Redis and the search
backend all reachable from this container). worker: its queue (Redis) answers.
The entrypoint records which of the two this container runs in /run/laodata/role.
"""

from __future__ import annotations

import os
import sys
import urllib.error
import urllib.request

ROLE_FILE = os.path.join(os.path.dirname(os.environ.get("LAODATA_INI", "/run/laodata/ckan.ini")), "role")


def web() -> int:
    url = f"http://127.0.0.1:{os.environ.get('LAODATA_PORT', '5000')}/api/laodata/health"
    try:
        with urllib.request.urlopen(url, timeout=8) as response:  # noqa: S310 (a fixed http URL)
            return 0 if response.status == 200 else 1
    except urllib.error.HTTPError as error:
        print(error.read().decode("utf-8", "replace")[:500])
    except OSError as error:
        print(f"{url}: {error}")
    return 1


def worker() -> int:
    import redis

    try:
        redis.Redis.from_url(os.environ["LAODATA_REDIS_URL"], socket_timeout=5).ping()
        return 0
    except (KeyError, redis.RedisError) as error:
        print(f"the job queue does not answer: {error!r}")
        return 1


def main() -> int:
    try:
        with open(ROLE_FILE, encoding="utf-8") as handle:
            role = handle.read().strip()
    except OSError:
        print("the container has not started its service yet")
        return 1
    return worker() if role in ("worker", "scheduler") else web()


if __name__ == "__main__":
    sys.exit(main())
