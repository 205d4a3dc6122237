"""Write config/ckan.ini from its template, keeping an existing secret."""

from __future__ import annotations

import configparser
import os
import secrets
import string
import sys


def main(template_path: str, ini_path: str, secret: str | None = None) -> None:
    """Write ``ini_path``; the secret is ``secret`` if given (the container
    entrypoint reads it from a secret file), else the existing file's, else new."""
    if secret is None and os.path.exists(ini_path):
        parser = configparser.RawConfigParser(strict=False)
        parser.read(ini_path)
        secret = parser.get("app:main", "SECRET_KEY", fallback=None)
    values = {
        "secret": secret or secrets.token_urlsafe(32),
        "site_url": os.environ["LAODATA_SITE_URL"],
        "database_url": os.environ["LAODATA_DATABASE_URL"],
        "redis_url": os.environ.get("LAODATA_REDIS_URL", "redis://127.0.0.1:6379/0"),
        "storage_path": os.environ["LAODATA_STORAGE_PATH"],
        # CKAN's default; each container keeps its own (docker/entrypoint.py)
        "webassets_path": os.environ.get(
            "LAODATA_WEBASSETS_PATH", os.path.join(os.environ["LAODATA_STORAGE_PATH"], "webassets")
        ),
        "search_backend": os.environ.get("LAODATA_SEARCH_BACKEND", "postgres"),
        "solr_url": os.environ.get("LAODATA_SOLR_URL", "http://127.0.0.1:8983/solr/ckan"),
        # cookies only over https when the portal is served over https
        "cookie_secure": "true" if os.environ["LAODATA_SITE_URL"].lower().startswith("https:") else "false",
        # proxies in front that append the client's address to X-Forwarded-For
        "trusted_proxies": os.environ.get("LAODATA_TRUSTED_PROXIES", "0"),
        # The DataStore (issue 12): its own database, a writing and a read-only role, and
        # the loader's API token (scripts/run sets them up); without them the DataStore,
        # its loader and the previews are left out of the plugins.
        "datastore_write_url": os.environ.get("LAODATA_DATASTORE_WRITE_URL", ""),
        "datastore_read_url": os.environ.get("LAODATA_DATASTORE_READ_URL", ""),
        # xloader's placeholder for "no token yet" (the loader then queues nothing)
        "xloader_api_token": os.environ.get("LAODATA_XLOADER_API_TOKEN") or "NOT_SET",
        "datastore_plugins": "datastore xloader datatables_view laodata_chart_view"
        if os.environ.get("LAODATA_DATASTORE_WRITE_URL")
        else "",
        "datastore_views": "datatables_view laodata_chart_view"
        if os.environ.get("LAODATA_DATASTORE_WRITE_URL")
        else "",
        # National harvest (issue 14): a national or ministry portal turns it on; a province does not need it
        "harvest_plugins": "harvest dcat_rdf_harvester" if os.environ.get("LAODATA_HARVEST") == "1" else "",
    }
    with open(template_path, encoding="utf-8") as handle:
        text = string.Template(handle.read()).substitute(values)
    old_umask = os.umask(0o077)
    try:
        with open(ini_path, "w", encoding="utf-8") as handle:
            handle.write(text)
    finally:
        os.umask(old_umask)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
