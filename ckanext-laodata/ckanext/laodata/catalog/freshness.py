"""Whether a dataset is up to date (DESIGN §4-§5): the one freshness rule.

A dataset was last updated at its ``metadata_modified`` (every change of its
data or description moves it). Its update frequency allows a maximum age
(``max_age_days`` of the frequency in ``schemas/vocabularies.yaml``); older
than that, it is out of date (the catalog calls a delivered entry whose
dataset is out of date *stale*). Frequencies without a maximum age
(irregular, not planned, unknown) have no schedule to be late on.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from .. import vocab

UP_TO_DATE = "up_to_date"
OUT_OF_DATE = "out_of_date"
NO_SCHEDULE = "no_schedule"


@dataclass(frozen=True)
class Freshness:
    state: str  # UP_TO_DATE, OUT_OF_DATE or NO_SCHEDULE
    last_updated: datetime.datetime | None
    next_due: datetime.datetime | None  # when it becomes out of date (None: no schedule)


def max_age_days(frequency: str | None) -> int | None:
    """The maximum age its update frequency allows, in days (None: no schedule)."""
    term = vocab.vocabularies()["update_frequency"].get(frequency or "", {})
    days = term.get("max_age_days")
    return int(days) if days else None


def timestamp(value: Any) -> datetime.datetime | None:
    """A ``metadata_modified`` as CKAN gives it (datetime, or ISO text in dicts), naive UTC."""
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.timezone.utc).replace(tzinfo=None) if value.tzinfo else value
    if isinstance(value, str) and value:
        try:
            parsed = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
        return parsed.astimezone(datetime.timezone.utc).replace(tzinfo=None) if parsed.tzinfo else parsed
    return None


def freshness(frequency: str | None, last_updated: Any, now: datetime.datetime) -> Freshness:
    """The freshness of a dataset of this frequency last updated then, at ``now`` (naive UTC)."""
    updated = timestamp(last_updated)
    days = max_age_days(frequency)
    if days is None or updated is None:
        return Freshness(NO_SCHEDULE, updated, None)
    due = updated + datetime.timedelta(days=days)
    return Freshness(OUT_OF_DATE if now > due else UP_TO_DATE, updated, due)


def is_out_of_date(frequency: str | None, last_updated: Any, now: datetime.datetime) -> bool:
    return freshness(frequency, last_updated, now).state == OUT_OF_DATE
