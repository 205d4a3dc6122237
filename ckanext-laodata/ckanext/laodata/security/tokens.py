"""API tokens' lifetime: none lives longer than
``ckanext.laodata.accounts.api_token_max_days``.

CKAN's ``expire_api_token`` plugin (enabled in the ini files) lets the
owner pick a lifetime (``expires_in`` × ``unit`` seconds) and writes it into
the token; a longer request than the maximum is refused here, and
``cap`` gives a token that would carry no expiry (or a later one) the
maximum."""

from __future__ import annotations

import datetime as dt
from typing import Any

import ckan.lib.api_token as api_token
import ckan.plugins.toolkit as tk
from ckan.types import DataDict

from .. import config


def schema(token_schema: Any) -> Any:
    """``expires_in`` and ``unit`` optional (IApiToken): CKAN's
    ``expire_api_token`` makes both mandatory, which breaks API clients and
    ``ckan user token add``; left out, the default lifetime applies."""
    for field in ("expires_in", "unit"):
        if field in token_schema:
            token_schema[field] = [
                tk.get_validator("ignore_missing"),
                tk.get_validator("is_positive_integer"),
            ]
    return token_schema


def max_seconds() -> int:
    return config.api_token_max_days() * 86400


def _requested_seconds(data_dict: DataDict) -> int | None:
    """The lifetime the request asks for (None: none asked, the default
    applies and ``cap`` holds it to the maximum)."""
    try:
        if data_dict.get("expires_in") not in (None, "") and data_dict.get("unit") not in (None, ""):
            return int(data_dict["expires_in"]) * int(data_dict["unit"])
    except (TypeError, ValueError):
        return None  # the schema names the bad field
    return None


def check_lifetime(data_dict: DataDict) -> None:
    """Refuse a token asked to live longer than the maximum."""
    seconds = _requested_seconds(data_dict)
    if seconds is not None and seconds > max_seconds():
        raise tk.ValidationError(
            {"expires_in": [tk._("A token may live at most {n} days").format(n=config.api_token_max_days())]}
        )


def cap(data: dict[str, Any]) -> dict[str, Any]:
    """The token's claims with an expiry no later than the maximum (IApiToken)."""
    latest = api_token.into_seconds(dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)) + max_seconds()
    exp = data.get("exp")
    if not isinstance(exp, (int, float)) or exp > latest:
        data["exp"] = latest
    return data


def _claims(token: Any) -> dict[str, Any]:
    if not token:
        return {}
    try:
        return dict(api_token.decode(str(token)) or {})
    except Exception:  # a malformed token is no token
        return {}


def token_id(token: Any) -> str | None:
    """The token's id (``jti``), never the token."""
    jti = _claims(token).get("jti")
    return str(jti) if jti else None


def expiry_of(token: Any) -> str | None:
    exp = _claims(token).get("exp")
    if not isinstance(exp, (int, float)):
        return None
    return dt.datetime.fromtimestamp(exp, dt.timezone.utc).isoformat(timespec="seconds")
