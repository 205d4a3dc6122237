"""The configuration as a backup keeps it: every secret replaced by ``<redacted>``.

A setting is secret when its name says so (secret, password, token, a key)
or when its value is a URL with a password in it (database and Redis URLs:
only the password is replaced). ``redact`` returns the text and the names of
the settings it redacted (``section:key``), which the manifest lists.
"""

from __future__ import annotations

import re

REDACTED = "<redacted>"
SECRET_NAME = re.compile(r"(secret|passw(or)?d|token|api[_.-]?key|private[_.-]?key|credential)", re.I)
URL_PASSWORD = re.compile(r"(?P<head>[a-z][a-z0-9+.-]*://[^:/@\s]*:)(?P<password>[^@\s]+)(?P<tail>@)", re.I)
SETTING = re.compile(r"^(?P<key>[^=:#;\s][^=]*?)\s*(?P<sep>[=:])\s*(?P<value>.*)$")
SECTION = re.compile(r"^\[(?P<name>[^\]]+)\]\s*$")


def redact(text: str) -> tuple[str, list[str]]:
    """The ini text with its secrets redacted, and the redacted settings' names."""
    section = ""
    out: list[str] = []
    redacted: list[str] = []
    hiding = False  # the continuation lines of a redacted value go too
    for line in text.splitlines():
        if hiding and line[:1] in (" ", "\t") and line.strip():
            continue
        hiding = False
        header = SECTION.match(line.strip())
        if header:
            section = header.group("name")
            out.append(line)
            continue
        setting = (
            SETTING.match(line) if not line.lstrip().startswith(("#", ";")) and line[:1].strip() else None
        )
        if setting is None:
            out.append(line)
            continue
        key, value = setting.group("key"), setting.group("value")
        if SECRET_NAME.search(key) and value.strip():
            out.append(f"{key} {setting.group('sep')} {REDACTED}")
            redacted.append(f"{section}:{key}")
            hiding = True
        elif URL_PASSWORD.search(value):
            value = URL_PASSWORD.sub(lambda m: m.group("head") + REDACTED + m.group("tail"), value)
            out.append(f"{key} {setting.group('sep')} {value}")
            redacted.append(f"{section}:{key}")
        else:
            out.append(line)
    return "\n".join(out) + "\n", redacted
