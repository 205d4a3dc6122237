"""Print the id (the JWT's ``jti``) of the CKAN API token in the given file (scripts/run revokes it)."""

from __future__ import annotations

import base64
import json
import sys


def token_id(token: str) -> str:
    payload = token.strip().split(".")[1]
    payload += "=" * (-len(payload) % 4)
    return str(json.loads(base64.urlsafe_b64decode(payload))["jti"])


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as handle:
        print(token_id(handle.read()))
