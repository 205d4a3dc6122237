"""The personal-data check of a data file (issue 13 item 3).

Per column, from its header and its values:

- values that are personal data by their form: e-mail addresses,
  Vietnamese and Lao phone numbers (VN ``+84``/``0`` and 9 digits; Lao
  ``+856``/``0`` and ``20`` + 8 digits, ``30`` + 7, or a landline),
  Vietnamese citizen identity card numbers (CCCD: 12 digits starting with a
  province code ``0xx``) — a column is flagged when at least
  ``STRONG_SHARE`` of its non-empty cells match;
- values whose form is shared with ordinary numbers (old 9-digit CMND and
  Lao ID card numbers, VN tax numbers MST of 10 or 13 digits, household
  registration numbers, dates) count only in a column whose header names
  them in Lao, Vietnamese or English (``HEADER_HINTS``), when at least
  ``HINTED_SHARE`` of its cells match; a date column counts as dates of birth
  when its header says so, or when it stands next to (at most ``NEXT_TO``
  columns from) a column whose header names a person (full name…);

so counts, years, amounts and codes in ordinary columns are not flagged.
Each column's first ``SAMPLE_CELLS`` non-empty cells are looked at (enough
for a share; the scan stays fast on large files). A finding keeps one
masked sample (``09******12``), never a full value.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

STRONG_SHARE = 0.5
HINTED_SHARE = 0.3
SAMPLE_CELLS = 2000
# How far from a person's name a date column counts as "next to" it.
NEXT_TO = 2

_SEPARATORS = re.compile(r"[\s.\-()/]")
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]{1,64}@[A-Za-z0-9.\-]{1,255}\.[A-Za-z]{2,24}")
_PHONE_VN = re.compile(r"(?:\+?84|0)(?:[35789]\d{8}|2\d{9})")
_PHONE_LA = re.compile(r"(?:\+?856|0)(?:20\d{8}|30\d{7}|[2-8]\d{7})")  # mobile 020/030, landline 0XX
_CCCD = re.compile(r"0[0-9]{2}[0-3][0-9]{8}")  # province, century/sex, year, serial
_DIGITS_9_12 = re.compile(r"\d{9}|\d{12}")
_MST = re.compile(r"\d{10}(?:\d{3})?")
_HOUSEHOLD = re.compile(r"[A-Za-z0-9]{5,15}")
_DATE = re.compile(r"(?:19|20)\d\d-[01]\d-[0-3]\d|[0-3]?\d/[01]?\d/(?:19|20)\d\d")

# Words in a header that name a kind of personal data (compared without
# accents and case: "Số CCCD" -> "so cccd"); Lao is compared as written.
HEADER_HINTS: dict[str, tuple[str, ...]] = {
    "id_card": (
        "cccd",
        "cmnd",
        "can cuoc",
        "chung minh",
        "id card",
        "identity",
        "national id",
        "ບັດປະຈຳຕົວ",
        "ເລກບັດ",
    ),
    "phone": ("phone", "mobile", "dien thoai", "sdt", "so dt", "ເບີໂທ", "ໂທລະສັບ"),
    "email": ("email", "e-mail", "thu dien tu", "ອີເມວ"),
    "birth_date": ("birth", "dob", "ngay sinh", "nam sinh", "ວັນເດືອນປີເກີດ", "ວັນເກີດ"),
    "tax_number": ("tax", "mst", "ma so thue", "ເລກອາກອນ", "ຜູ້ເສຍອາກອນ"),
    "household_book": ("household", "ho khau", "so ho", "ສຳມະໂນຄົວ", "ປຶ້ມສຳມະໂນ"),
}
# Headers that name a person (for dates of birth "next to names").
PERSON_HINTS = ("full name", "ho ten", "ho va ten", "citizen", "ຊື່ ແລະ ນາມສະກຸນ", "ຊື່-ນາມສະກຸນ", "ນາມສະກຸນ")


def _fold(text: str) -> str:
    """Lower case without Vietnamese accents (đ -> d); Lao kept as written."""
    text = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(c for c in text if unicodedata.category(c) != "Mn" or "\u0e80" <= c <= "\u0eff")


def _hints(header: str) -> set[str]:
    folded = _fold(header)
    lao = unicodedata.normalize("NFC", header)
    return {
        kind
        for kind, words in HEADER_HINTS.items()
        if any((_fold(word) in folded) or (word in lao) for word in words)
    }


def mask(value: str) -> str:
    """``0912345612`` -> ``09******12``; an e-mail keeps its first letter and domain."""
    value = value.strip()
    if "@" in value:
        local, _, domain = value.partition("@")
        return (local[:1] + "*" * max(len(local) - 1, 1)) + "@" + domain
    if len(value) <= 4:
        return "*" * len(value)
    return value[:2] + "*" * (len(value) - 4) + value[-2:]


def _strong_kind(text: str, compact: str) -> str | None:
    if "@" in text and _EMAIL.fullmatch(text):
        return "email"
    if _PHONE_VN.fullmatch(compact) or _PHONE_LA.fullmatch(compact):
        return "phone"
    if _CCCD.fullmatch(compact):
        return "id_card"
    return None


def _hinted_match(kind: str, text: str, compact: str) -> bool:
    if kind == "id_card":
        return bool(_DIGITS_9_12.fullmatch(compact) or _HOUSEHOLD.fullmatch(compact))
    if kind == "tax_number":
        return bool(_MST.fullmatch(compact))
    if kind == "household_book":
        return bool(_HOUSEHOLD.fullmatch(compact))
    if kind == "birth_date":
        return bool(_DATE.fullmatch(text))
    if kind in ("phone", "email"):
        return _strong_kind(text, compact) == kind
    return False


class _Column:
    __slots__ = ("name", "hints", "checked", "strong", "hinted", "sample")

    def __init__(self, name: str, hints: set[str]) -> None:
        self.name, self.hints = name, hints
        self.checked = 0
        self.strong: dict[str, int] = {}
        self.hinted: dict[str, int] = {}
        self.sample: dict[str, str] = {}


class Scanner:
    """Fed each row's cells (as text) in the header's order; ``findings`` at the end."""

    def __init__(self, header: list[str]) -> None:
        self.header = header
        self.columns = [_Column(name, _hints(name)) for name in header]
        people = [i for i, name in enumerate(header) if any(_fold(w) in _fold(name) for w in PERSON_HINTS)]
        for index, column in enumerate(self.columns):  # dates next to a person's name: dates of birth
            if any(0 < abs(index - person) <= NEXT_TO for person in people) and not column.hints:
                column.hints = {"birth_date_near_name"}
        self._open = len(self.columns)

    def feed(self, cells: list[str]) -> None:
        if not self._open:
            return
        for column, cell in zip(self.columns, cells, strict=False):
            if column.checked >= SAMPLE_CELLS:
                continue
            text = cell.strip()
            if not text:
                continue
            column.checked += 1
            if column.checked == SAMPLE_CELLS:
                self._open -= 1
            compact = _SEPARATORS.sub("", text)
            kind = _strong_kind(text, compact)
            if kind:
                column.strong[kind] = column.strong.get(kind, 0) + 1
                column.sample.setdefault(kind, text)
            for hint in column.hints:
                name = "birth_date" if hint == "birth_date_near_name" else hint
                if _hinted_match(name, text, compact):
                    column.hinted[hint] = column.hinted.get(hint, 0) + 1
                    column.sample.setdefault(hint, text)

    def findings(self) -> list[dict[str, Any]]:
        """``[{column, kind, matched, checked, sample}]``: one per column and kind found
        (``sample`` masked; the report drops it, see ``jobs.py``)."""
        out: list[dict[str, Any]] = []
        for column in self.columns:
            if not column.checked:
                continue
            kinds: dict[str, tuple[int, str]] = {}
            for kind, count in column.strong.items():
                if count / column.checked >= STRONG_SHARE or (
                    kind in column.hints and count / column.checked >= HINTED_SHARE
                ):
                    kinds[kind] = (count, column.sample[kind])
            for hint, count in column.hinted.items():
                share = STRONG_SHARE if hint == "birth_date_near_name" else HINTED_SHARE
                name = "birth_date" if hint == "birth_date_near_name" else hint
                if count / column.checked >= share and name not in kinds:
                    kinds[name] = (count, column.sample[hint])
            for kind, (count, sample) in sorted(kinds.items()):
                out.append(
                    {
                        "column": column.name,
                        "kind": kind,
                        "matched": count,
                        "checked": column.checked,
                        "sample": mask(sample),
                    }
                )
        return out
