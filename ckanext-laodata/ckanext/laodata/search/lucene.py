"""Translate Solr query syntax (Lucene standard and dismax) into SQL.

The query is parsed with luqum into a tree; each node becomes a SQL predicate
over one row of ``laodata_search.document`` (alias ``d``). Every piece of
user text travels as a bound parameter (``%s``): field names, values, phrases
and patterns alike. The SQL text is assembled only from fixed fragments here.

Predicates never evaluate to NULL, so ``NOT`` keeps documents that lack a
field, as Lucene does.
"""
from __future__ import annotations

import datetime
import functools
import json
import math
import re
from dataclasses import dataclass, field as dc_field
from typing import Any, NamedTuple, Optional

from luqum import tree
from luqum.thread import parse as _luqum_parse  # PLY's lexer is global: one clone per thread

from . import analysis, fields

TRUE = "TRUE"
FALSE = "FALSE"
_WILDCARD = re.compile(r"(?<!\\)[*?]")
_FIELD_NAME = re.compile(r"^[A-Za-z0-9_.\-]+$")


class QueryError(ValueError):
    """The query cannot be understood; the message is safe to show users."""


class Sql(NamedTuple):
    text: str
    params: tuple[Any, ...]
    rank_terms: tuple[str, ...] = ()


@dataclass
class _Clauses:
    must: list[Sql] = dc_field(default_factory=list)
    should: list[Sql] = dc_field(default_factory=list)
    must_not: list[Sql] = dc_field(default_factory=list)


def unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def _join(parts: list[Sql], op: str) -> Sql:
    if len(parts) == 1:
        return parts[0]
    return Sql(
        "(" + f" {op} ".join(p.text for p in parts) + ")",
        tuple(x for p in parts for x in p.params),
        tuple(t for p in parts for t in p.rank_terms),
    )


def combine(clauses: _Clauses, min_should: int | None = None) -> Sql:
    """Lucene boolean semantics: with any required clause, optional ones do
    not filter; with none, at least ``min_should`` (default one) must match."""
    parts = list(clauses.must)
    if clauses.should:
        if min_should is None:
            if not parts:
                parts.append(_join(clauses.should, "OR"))
            else:
                # optional clauses only rank
                terms = tuple(t for s in clauses.should for t in s.rank_terms)
                parts.append(Sql(TRUE, (), terms))
        elif min_should >= len(clauses.should):
            parts.extend(clauses.should)
        elif min_should >= 1:
            any_match = _join(clauses.should, "OR")
            counted = Sql(
                "((" + " + ".join(f"({s.text})::int" for s in clauses.should) + ") >= %s)",
                tuple(x for s in clauses.should for x in s.params) + (min_should,),
            )
            parts.append(_join([any_match, counted], "AND"))
        else:
            terms = tuple(t for s in clauses.should for t in s.rank_terms)
            parts.append(Sql(TRUE, (), terms))
    for neg in clauses.must_not:
        parts.append(Sql(f"NOT {neg.text}", neg.params))
    if not parts:
        return Sql(FALSE, ())
    return _join(parts, "AND")


# --- term-level predicates -------------------------------------------------

def _tsquery(tokens: list[str], prefix: bool = False) -> str:
    quoted = [fields.tsquote(t) for t in tokens]
    if prefix:
        quoted[-1] += ":*"
    return " <-> ".join(quoted)


def _text_match(field_name: str, text: str) -> Optional[Sql]:
    toks = analysis.tokens(text, stem=fields.is_stemmed(field_name))
    if not toks:
        return None  # analysed away (punctuation only): Solr drops the clause
    tsq = _tsquery(toks)
    if field_name == "text":
        return Sql("(d.tsv @@ %s::tsquery)", (tsq,), (tsq,))
    needle = " " + " ".join(toks) + " "
    return Sql("(coalesce(strpos(d.ftext->>%s, %s), 0) > 0)", (field_name, needle), (tsq,))


def _exact_match(field_name: str, value: str) -> Sql:
    if fields.is_date(field_name):
        norm = fields.normalize_date(value)
        if norm is None:
            raise QueryError(f"Invalid date '{value}' for field {field_name}")
        value = norm
    if field_name in fields.COLUMN_FIELDS:
        # "=" keeps the btree index usable; the NOT NULL test keeps it from being NULL
        return Sql(f"(d.{field_name} IS NOT NULL AND d.{field_name} = %s)", (value,))
    if field_name in fields.ARRAY_COLUMN_FIELDS:
        return Sql(f"(d.{field_name} @> ARRAY[%s]::text[])", (value,))
    if fields.is_term_field(field_name) and len(value) <= fields.MAX_TERM_VALUE:
        return Sql("(d.facet_terms @> ARRAY[%s]::text[])", (fields.term(field_name, value),))
    return Sql("(d.fields @> %s::jsonb)", (json.dumps({field_name: [value]}),))


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _are_escape(text: str) -> str:
    return "".join(ch if ch.isalnum() else "\\" + ch for ch in text)


def _wildcard_match(field_name: str, raw: str) -> Optional[Sql]:
    """``raw`` still holds escapes; unescaped ``*``/``?`` are wildcards."""
    pieces = re.split(r"((?<!\\)[*?])", raw)  # literal, wildcard, literal, ...
    if not fields.is_text(field_name):
        like = "".join(
            ("%" if p == "*" else "_") if i % 2 else _like_escape(unescape(p)) for i, p in enumerate(pieces)
        )
        return Sql(
            f"EXISTS (SELECT 1 FROM {values_of(field_name)} v WHERE v LIKE %s)",
            values_params(field_name) + (like,),
        )
    # wildcard terms are folded but not stemmed (Solr: only multi-term aware filters)
    literals = ["".join(analysis.tokens(unescape(p))) if i % 2 == 0 else p for i, p in enumerate(pieces)]
    if not any(literals[0::2]):
        return _exists(field_name)
    stem = analysis.tokens(unescape(pieces[0]))
    if field_name == "text" and len(pieces) == 3 and pieces[1] == "*" and not pieces[2] and len(stem) == 1:
        tsq = _tsquery(stem, prefix=True)
        return Sql("(d.tsv @@ %s::tsquery)", (tsq,), (tsq,))
    regex = "".join(
        ("[^ |]*" if p == "*" else "[^ |]") if i % 2 else _are_escape(p) for i, p in enumerate(literals)
    )
    if field_name == "text":
        return Sql("EXISTS (SELECT 1 FROM unnest(tsvector_to_array(d.tsv)) w WHERE w ~ %s)", (f"^{regex}$",))
    return Sql("(coalesce(d.ftext->>%s, '') ~ %s)", (field_name, f"(^| ){regex}( |$)"))


_MAX_PROXIMITY_VARIANTS = 64


def _proximity_match(field_name: str, text: str, slop: int) -> Optional[Sql]:
    """``"a b"~N``: the words within N positions of each other, in order
    (a reversed pair costs two moves, as in Lucene's sloppy phrase)."""
    toks = analysis.tokens(text, stem=fields.is_stemmed(field_name))
    if not toks:
        return None
    if len(toks) == 1 or slop <= 0:
        return _text_match(field_name, text)
    variants: list[str] = []
    if field_name == "text" and (slop + 1) ** (len(toks) - 1) <= _MAX_PROXIMITY_VARIANTS:
        quoted = [fields.tsquote(t) for t in toks]

        def chains(i: int, budget: int) -> list[str]:
            if i == len(quoted) - 1:
                return [quoted[i]]
            return [f"{quoted[i]} <{gap + 1}> {rest}" for gap in range(budget + 1) for rest in chains(i + 1, budget - gap)]

        variants = chains(0, slop)
        if len(toks) == 2 and slop >= 2:
            variants += [f"{quoted[1]} <{gap + 1}> {quoted[0]}" for gap in range(slop - 1)]
        tsq = " | ".join(f"({v})" for v in variants)
        return Sql("(d.tsv @@ %s::tsquery)", (tsq,), (tsq,))
    if field_name == "text":  # too many combinations: all the words
        return combine(_Clauses(must=[s for s in (_text_match(field_name, t) for t in text.split()) if s]))
    # other text fields hold "padded tokens": words apart by at most `slop` others
    gap = f"( [^ |]+){{0,{slop}}} "
    forward = " " + gap.join(_are_escape(t) for t in toks) + " "
    patterns = [forward]
    if len(toks) == 2 and slop >= 2:
        patterns.append(" " + f"( [^ |]+){{0,{slop - 2}}} ".join(_are_escape(t) for t in reversed(toks)) + " ")
    pattern = "|".join(f"({p})" for p in patterns)
    return Sql("(coalesce(d.ftext->>%s, '') ~ %s)", (field_name, pattern), (_tsquery(toks),))


def _fuzzy_match(field_name: str, raw: str, degree: Any) -> Optional[Sql]:
    """``word~N``: indexed words within N edits (Levenshtein, at most 2)."""
    term = "".join(analysis.tokens(unescape(raw))) if fields.is_text(field_name) else unescape(raw)
    if not term:
        return None
    try:
        value = float(degree) if degree is not None else 2.0
    except (TypeError, ValueError):
        raise QueryError(f"Invalid fuzzy degree '{degree}'") from None
    edits = min(2, int(value)) if value >= 1 else min(2, max(1, int((1 - value) * len(term))))
    levenshtein = f"{store_schema()}.levenshtein"
    if not fields.is_text(field_name):
        value_text = unescape(raw)  # string fields: the whole value, unanalysed
        return Sql(
            f"EXISTS (SELECT 1 FROM {values_of(field_name)} v WHERE length(v) <= 255 "
            f"AND abs(length(v) - %s) <= %s AND {levenshtein}(v, %s) <= %s)",
            values_params(field_name) + (len(value_text), edits, value_text[:255], edits),
        )
    source = (
        "unnest(tsvector_to_array(d.tsv))" if field_name == "text"
        else "regexp_split_to_table(coalesce(d.ftext->>%s, ''), ' ')"
    )
    params: tuple[Any, ...] = () if field_name == "text" else (field_name,)
    return Sql(
        f"EXISTS (SELECT 1 FROM {source} w WHERE w <> '' AND w <> '|' "
        f"AND abs(length(w) - %s) <= %s AND {levenshtein}(w, %s) <= %s)",
        params + (len(term), edits, term[:255], edits),
    )


def store_schema() -> str:
    from .store import SCHEMA  # the fuzzystrmatch extension lives in the index schema

    return SCHEMA


def _exists(field_name: str) -> Sql:
    if field_name == "text":
        return Sql("(d.tsv <> ''::tsvector)", ())
    if fields.is_text(field_name):
        return Sql("(d.ftext ? %s)", (field_name,))
    if field_name in fields.COLUMN_FIELDS:
        return Sql(f"(d.{field_name} IS NOT NULL)", ())
    if field_name in fields.ARRAY_COLUMN_FIELDS:
        return Sql(f"(cardinality(d.{field_name}) > 0)", ())
    return Sql("(d.fields ? %s)", (field_name,))


def values_of(field_name: str) -> str:
    """SQL for the set of a (non-text) field's values, as rows of ``v``:
    use as ``FROM {values_of(f)} v`` with the field name as the first
    parameter when the expression needs it (see ``values_params``)."""
    if field_name in fields.COLUMN_FIELDS:
        return f"(SELECT d.{field_name} AS v WHERE d.{field_name} IS NOT NULL)"
    if field_name in fields.ARRAY_COLUMN_FIELDS:
        return f"unnest(d.{field_name})"
    return "jsonb_array_elements_text(d.fields->%s)"


def values_params(field_name: str) -> tuple[Any, ...]:
    if field_name in fields.COLUMN_FIELDS or field_name in fields.ARRAY_COLUMN_FIELDS:
        return ()
    return (field_name,)


# --- ranges and Solr date math ---------------------------------------------

_DATE_UNITS = {
    "YEAR": "years", "MONTH": "months", "DAY": "days", "DATE": "days", "HOUR": "hours",
    "MINUTE": "minutes", "SECOND": "seconds", "MILLI": "millis", "MILLISECOND": "millis",
}
_DATE_MATH = re.compile(r"([+-]\d+|/)([A-Z]+?)S?(?=[+/-]|$)")


def _add_months(value: datetime.datetime, months: int) -> datetime.datetime:
    total = value.year * 12 + value.month - 1 + months
    year, month = divmod(total, 12)
    if not 1 <= year <= 9999:
        raise QueryError("Date out of range")
    day = min(value.day, [31, 29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28,
                          31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month])
    return value.replace(year=year, month=month + 1, day=day)


def solr_date_math(expr: str, now: datetime.datetime | None = None) -> str:
    """Evaluate ``NOW-1DAY/DAY``-style Solr date math to a normalised date."""
    expr = expr.strip().upper()
    if expr.startswith("NOW"):
        base = now or datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
        rest = expr[3:]
    else:
        match = re.match(r"^(\d{4}-\d{2}-\d{2}(?:T[0-9:.]+)?Z?)(.*)$", expr)
        if not match:
            raise QueryError(f"Invalid date '{expr}'")
        norm = fields.normalize_date(match.group(1))
        if norm is None:
            raise QueryError(f"Invalid date '{expr}'")
        base = datetime.datetime.fromisoformat(norm.replace("Z", ""))
        rest = match.group(2)
    pos = 0
    try:
        for op in _DATE_MATH.finditer(rest):
            if op.start() != pos:
                break
            pos = op.end()
            unit = _DATE_UNITS.get(op.group(2))
            if unit is None:
                raise QueryError(f"Invalid date unit '{op.group(2)}'")
            if op.group(1) == "/":
                base = _round_date(base, unit)
            elif unit == "years":
                base = _add_months(base, 12 * int(op.group(1)))
            elif unit == "months":
                base = _add_months(base, int(op.group(1)))
            elif unit == "millis":
                base += datetime.timedelta(milliseconds=int(op.group(1)))
            else:
                base += datetime.timedelta(**{unit: int(op.group(1))})
    except OverflowError as exc:
        raise QueryError("Date out of range") from exc
    if pos != len(rest):
        raise QueryError(f"Invalid date math '{expr}'")
    return fields.comparable_date(base)


def _round_date(value: datetime.datetime, unit: str) -> datetime.datetime:
    order = ["years", "months", "days", "hours", "minutes", "seconds", "millis"]
    keep = order.index(unit)
    parts = {"month": 1, "day": 1, "hour": 0, "minute": 0, "second": 0, "microsecond": 0}
    names = ["month", "day", "hour", "minute", "second", "microsecond"]
    return value.replace(**{n: parts[n] for n in names[keep:]})


def _range(field_name: str, node: tree.Range) -> Sql:
    bounds: list[tuple[str, Any]] = []
    for bound, inclusive, op_in, op_ex in (
        (node.low, node.include_low, ">=", ">"),
        (node.high, node.include_high, "<=", "<"),
    ):
        raw = unescape(str(bound)).strip('"')
        if raw == "*":
            continue
        op = op_in if inclusive else op_ex
        if fields.is_date(field_name):
            bounds.append((f"v COLLATE \"C\" {op} %s", solr_date_math(raw)))
        elif fields.is_int(field_name):
            try:
                number = float(raw)
            except ValueError as exc:
                raise QueryError(f"Invalid number '{raw}' for field {field_name}") from exc
            if not math.isfinite(number):
                raise QueryError(f"Invalid number '{raw}' for field {field_name}")
            bounds.append((f"(CASE WHEN v ~ '^-?[0-9]+(\\.[0-9]+)?$' THEN v::numeric {op} %s ELSE FALSE END)", number))
        else:
            bounds.append((f"v COLLATE \"C\" {op} %s", raw))
    if not bounds:
        return _exists(field_name)
    cond = " AND ".join(b[0] for b in bounds)
    if fields.is_text(field_name):
        raise QueryError(f"Ranges on the text field {field_name} are not supported")
    return Sql(
        f"EXISTS (SELECT 1 FROM {values_of(field_name)} v WHERE {cond})",
        values_params(field_name) + tuple(b[1] for b in bounds),
    )


# --- tree walk -------------------------------------------------------------

# Lucene's classic query parser reads a group as a flat run of clauses, each
# with the conjunction before it (AND, OR or none) and a modifier (+, - / NOT
# or none); the occurrence of each clause follows from these, not from
# operator precedence. luqum nests the same run by precedence, so the tree is
# flattened back in order before the occurrences are decided.
CONJ_NONE, CONJ_AND, CONJ_OR = "", "AND", "OR"
MOD_NONE, MOD_REQ, MOD_NOT = "", "+", "-"
_Item = tuple[str, str, Optional[Sql]]


def boolean_query(items: list[_Item], default_op: str) -> _Clauses:
    """Lucene's ``QueryParserBase.addClause`` over a flat run of clauses."""
    occurs: list[list[Any]] = []  # [occur, sql]
    for conj, mod, sql in items:
        if occurs and conj == CONJ_AND and occurs[-1][0] != "must_not":
            occurs[-1][0] = "must"
        if occurs and default_op == "AND" and conj == CONJ_OR and occurs[-1][0] != "must_not":
            occurs[-1][0] = "should"
        if sql is None:
            continue
        prohibited = mod == MOD_NOT
        if default_op == "OR":
            required = mod == MOD_REQ or (conj == CONJ_AND and not prohibited)
        else:
            required = not prohibited and conj != CONJ_OR
        occur = "must_not" if prohibited else "must" if required else "should"
        occurs.append([occur, sql])
    clauses = _Clauses()
    for occur, sql in occurs:
        if occur == "must_not":
            clauses.must_not.append(Sql(sql.text, sql.params))  # excluded words do not rank
        else:
            getattr(clauses, occur).append(sql)
    return clauses


class LuceneTranslator:
    def __init__(self, default_field: str = "text", default_op: str = "AND") -> None:
        if not _FIELD_NAME.match(default_field or ""):
            raise QueryError("Invalid default field")
        self.default_field = default_field
        self.default_op = "OR" if str(default_op).upper() == "OR" else "AND"

    def translate(self, query: str) -> Sql:
        if query.strip().startswith("{!"):
            raise QueryError("Local parameters ({!...}) are not supported")
        try:
            node = _luqum_parse(query)
        except Exception as exc:  # luqum raises several error types
            raise QueryError(f"Could not parse query: {_describe(exc)}") from None
        sql = self._group(node, None)
        return sql if sql is not None else Sql(FALSE, ())

    def _flatten(self, node: tree.Item, conj: str, out: list[tuple[str, tree.Item]]) -> None:
        if isinstance(node, (tree.AndOperation, tree.OrOperation, tree.UnknownOperation)):
            joiner = (CONJ_AND if isinstance(node, tree.AndOperation)
                      else CONJ_OR if isinstance(node, tree.OrOperation) else CONJ_NONE)
            for i, child in enumerate(node.children):
                self._flatten(child, conj if i == 0 else joiner, out)
        else:
            out.append((conj, node))

    def _group(self, node: tree.Item, field_name: str | None) -> Optional[Sql]:
        """One parenthesised level: a Lucene BooleanQuery."""
        run: list[tuple[str, tree.Item]] = []
        self._flatten(node, CONJ_NONE, run)
        items: list[_Item] = []
        for conj, item in run:
            mod = MOD_NONE
            if isinstance(item, tree.Plus):
                mod, item = MOD_REQ, item.a
            elif isinstance(item, (tree.Prohibit, tree.Not)):
                mod, item = MOD_NOT, item.a
            items.append((conj, mod, self._node(item, field_name)))
        if len(items) == 1 and items[0][1] == MOD_NONE:
            return items[0][2]
        clauses = boolean_query(items, self.default_op)
        if not (clauses.must or clauses.should or clauses.must_not):
            return None
        return combine(clauses)

    def _node(self, node: tree.Item, field_name: str | None) -> Optional[Sql]:
        if isinstance(node, (tree.AndOperation, tree.OrOperation, tree.UnknownOperation,
                             tree.Plus, tree.Prohibit, tree.Not)):
            return self._group(node, field_name)
        if isinstance(node, (tree.Group, tree.FieldGroup)):
            return self._group(node.expr, field_name)
        if isinstance(node, tree.SearchField):
            name = node.name
            if name != "*" and not _FIELD_NAME.match(name):
                raise QueryError(f"Invalid field name '{name}'")
            if field_name is not None and field_name != name:
                raise QueryError("Nested field names are not supported")
            return self._node(node.expr, name)
        if isinstance(node, tree.Boost):
            return self._node(node.expr, field_name)
        if isinstance(node, tree.Fuzzy):
            if not isinstance(node.term, tree.Word):
                raise QueryError("Fuzzy search applies to a single word")
            return _fuzzy_match(self._field(field_name), node.term.value, node.degree)
        if isinstance(node, tree.Proximity):
            if not isinstance(node.term, tree.Phrase):
                return self._node(node.term, field_name)
            fname = self._field(field_name)
            text = unescape(node.term.value[1:-1])
            if not fields.is_text(fname):
                return _exact_match(fname, text)
            try:
                slop = int(float(node.degree if node.degree is not None else 1))
            except (TypeError, ValueError):
                raise QueryError("Invalid proximity") from None
            return _proximity_match(fname, text, max(0, min(slop, 50)))
        if isinstance(node, tree.Range):
            return _range(self._field(field_name), node)
        if isinstance(node, tree.Phrase):
            return self._phrase(field_name, unescape(node.value[1:-1]))
        if isinstance(node, tree.Word):
            return self._term(field_name, node.value)
        if isinstance(node, tree.Regex):
            raise QueryError("Regular expression queries are not supported")
        raise QueryError(f"Unsupported query construct: {type(node).__name__}")

    def _field(self, field_name: str | None) -> str:
        fname = field_name or self.default_field
        if fname == "*":
            raise QueryError("'*' as a field name only matches '*'")
        return fname

    def _term(self, field_name: str | None, raw: str) -> Optional[Sql]:
        if (field_name or self.default_field) == "*" and raw == "*":
            return Sql(TRUE, ())
        fname = self._field(field_name)
        if raw == "*":
            return _exists(fname)
        if _WILDCARD.search(raw):
            return _wildcard_match(fname, raw)
        value = unescape(raw)
        if fields.is_text(fname):
            return _text_match(fname, value)
        return _exact_match(fname, value)

    def _phrase(self, field_name: str | None, value: str) -> Optional[Sql]:
        fname = self._field(field_name)
        if fields.is_text(fname):
            return _text_match(fname, value)
        return _exact_match(fname, value)


def _describe(exc: Exception) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:200]


# --- dismax ----------------------------------------------------------------

_DISMAX_TOKEN = re.compile(r'([+-]?)(?:"([^"]*)"?|(\S+))')


def min_should_match(spec: str, optional: int) -> int:
    """Solr's ``mm`` for ``optional`` clauses, e.g. ``2<-1 5<80%``."""
    spec = (spec or "").strip()
    if not spec:
        return optional

    def value(expr: str) -> int:
        expr = expr.strip()
        try:
            if expr.endswith("%"):
                pct = int(expr[:-1])
                count = int(optional * abs(pct) / 100)
                return optional - count if pct < 0 else count
            num = int(expr)
        except ValueError as exc:
            raise QueryError(f"Invalid mm parameter '{spec}'") from exc
        return optional + num if num < 0 else num

    if "<" not in spec:
        result = value(spec)
    else:
        result = optional
        for cond in spec.split():
            limit, _, expr = cond.partition("<")
            try:
                if optional > int(limit):
                    result = value(expr)
            except ValueError as exc:
                raise QueryError(f"Invalid mm parameter '{spec}'") from exc
    return max(0, min(optional, result))


def translate_dismax(query: str, mm: str | None) -> Sql:
    """Dismax: words and "phrases" over the catch-all text field. ``+``/``-``
    and the operators AND, OR and NOT work as in Lucene (default operator OR;
    Solr escapes only the special characters, not these words); every other
    special character is literal. ``mm`` then sets how many of
    the optional clauses must match."""
    items: list[_Item] = []
    conj = CONJ_NONE
    negate_next = False
    for sign, phrase, word in _DISMAX_TOKEN.findall(query):
        if not phrase and not sign and word in ("AND", "OR"):
            conj = CONJ_AND if word == "AND" else CONJ_OR
            continue
        if not phrase and not sign and word == "NOT":
            negate_next = True
            continue
        mod = MOD_REQ if sign == "+" else MOD_NOT if sign == "-" or negate_next else MOD_NONE
        negate_next = False
        items.append((conj, mod, _text_match("text", phrase if phrase else word)))
        conj = CONJ_NONE
    clauses = boolean_query(items, "OR")
    if not (clauses.must or clauses.should):
        return Sql(FALSE, ())
    need = min_should_match(mm or "", len(clauses.should))
    if not clauses.must:
        need = max(1, need)  # optional clauses alone still need one match
    return combine(clauses, min_should=need)


@functools.lru_cache(maxsize=4096)
def _cached_lucene(query: str, default_field: str, default_op: str) -> Sql:
    return LuceneTranslator(default_field, default_op).translate(query)


def translate_lucene(query: str, default_field: str = "text", default_op: str = "AND") -> Sql:
    if "NOW" in query.upper():  # date math depends on the clock: not cacheable
        return LuceneTranslator(default_field, default_op).translate(query)
    return _cached_lucene(query, default_field, default_op)
