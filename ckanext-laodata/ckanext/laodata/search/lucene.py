"""The Solr query parsers CKAN uses, translated to SQL: Lucene's standard
syntax (parsed with luqum) and dismax.

Each clause of the query becomes a predicate from ``predicates.py`` (ranges
here, with their bounds through ``datemath.py``), and the clauses of a group
combine with Lucene's boolean semantics (``boolean_query`` here decides each
clause's occurrence, ``sql.combine`` writes it). ``translate_lucene`` and
``translate_dismax`` return one ``Sql`` for a ``q`` or an ``fq``;
``plan.py`` reads the rest of the Solr parameters.
"""

from __future__ import annotations

import functools
import math
import re
from typing import Any

from luqum import tree
from luqum.thread import parse as _luqum_parse  # PLY's lexer is global: one clone per thread

from . import fields
from .datemath import solr_date_math
from .predicates import (
    exact_match,
    exists,
    fuzzy_match,
    proximity_match,
    text_match,
    unescape,
    values_of,
    values_params,
    wildcard_match,
)
from .sql import FALSE, TRUE, Clauses, QueryError, Sql, combine

_WILDCARD = re.compile(r"(?<!\\)[*?]")
_FIELD_NAME = re.compile(r"^[A-Za-z0-9_.\-]+$")


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
            bounds.append((f'v COLLATE "C" {op} %s', solr_date_math(raw)))
        elif fields.is_int(field_name):
            try:
                number = float(raw)
            except ValueError as exc:
                raise QueryError(f"Invalid number '{raw}' for field {field_name}") from exc
            if not math.isfinite(number):
                raise QueryError(f"Invalid number '{raw}' for field {field_name}")
            bounds.append(
                (f"(CASE WHEN v ~ '^-?[0-9]+(\\.[0-9]+)?$' THEN v::numeric {op} %s ELSE FALSE END)", number)
            )
        else:
            bounds.append((f'v COLLATE "C" {op} %s', raw))
    if not bounds:
        return exists(field_name)
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
_Item = tuple[str, str, Sql | None]


def boolean_query(items: list[_Item], default_op: str) -> Clauses:
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
    clauses = Clauses()
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
            joiner = (
                CONJ_AND
                if isinstance(node, tree.AndOperation)
                else CONJ_OR
                if isinstance(node, tree.OrOperation)
                else CONJ_NONE
            )
            for i, child in enumerate(node.children):
                self._flatten(child, conj if i == 0 else joiner, out)
        else:
            out.append((conj, node))

    def _group(self, node: tree.Item, field_name: str | None) -> Sql | None:
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

    def _node(self, node: tree.Item, field_name: str | None) -> Sql | None:
        if isinstance(
            node,
            (tree.AndOperation, tree.OrOperation, tree.UnknownOperation, tree.Plus, tree.Prohibit, tree.Not),
        ):
            return self._group(node, field_name)
        if isinstance(node, (tree.Group, tree.FieldGroup)):
            return self._group(node.expr, field_name)
        if isinstance(node, tree.SearchField):
            return self._search_field(node, field_name)
        if isinstance(node, tree.Boost):
            return self._node(node.expr, field_name)
        if isinstance(node, tree.Fuzzy):
            return self._fuzzy(node, field_name)
        if isinstance(node, tree.Proximity):
            return self._proximity(node, field_name)
        if isinstance(node, tree.Range):
            return _range(self._field(field_name), node)
        if isinstance(node, tree.Phrase):
            return self._phrase(field_name, unescape(node.value[1:-1]))
        if isinstance(node, tree.Word):
            return self._term(field_name, node.value)
        if isinstance(node, tree.Regex):
            raise QueryError("Regular expression queries are not supported")
        raise QueryError(f"Unsupported query construct: {type(node).__name__}")

    def _search_field(self, node: tree.SearchField, field_name: str | None) -> Sql | None:
        """``name:expr``"""
        name = node.name
        if name != "*" and not _FIELD_NAME.match(name):
            raise QueryError(f"Invalid field name '{name}'")
        if field_name is not None and field_name != name:
            raise QueryError("Nested field names are not supported")
        return self._node(node.expr, name)

    def _fuzzy(self, node: tree.Fuzzy, field_name: str | None) -> Sql | None:
        """``word~N``"""
        if not isinstance(node.term, tree.Word):
            raise QueryError("Fuzzy search applies to a single word")
        return fuzzy_match(self._field(field_name), node.term.value, node.degree)

    def _proximity(self, node: tree.Proximity, field_name: str | None) -> Sql | None:
        """``"a b"~N`` (on anything but a phrase, the ``~N`` is ignored)"""
        if not isinstance(node.term, tree.Phrase):
            return self._node(node.term, field_name)
        fname = self._field(field_name)
        text = unescape(node.term.value[1:-1])
        if not fields.is_text(fname):
            return exact_match(fname, text)
        try:
            slop = int(float(node.degree if node.degree is not None else 1))
        except (TypeError, ValueError):
            raise QueryError("Invalid proximity") from None
        return proximity_match(fname, text, max(0, min(slop, 50)))

    def _field(self, field_name: str | None) -> str:
        fname = field_name or self.default_field
        if fname == "*":
            raise QueryError("'*' as a field name only matches '*'")
        return fname

    def _term(self, field_name: str | None, raw: str) -> Sql | None:
        if (field_name or self.default_field) == "*" and raw == "*":
            return Sql(TRUE, ())
        fname = self._field(field_name)
        if raw == "*":
            return exists(fname)
        if _WILDCARD.search(raw):
            return wildcard_match(fname, raw)
        value = unescape(raw)
        if fields.is_text(fname):
            return text_match(fname, value)
        return exact_match(fname, value)

    def _phrase(self, field_name: str | None, value: str) -> Sql | None:
        fname = self._field(field_name)
        if fields.is_text(fname):
            return text_match(fname, value)
        return exact_match(fname, value)


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
        items.append((conj, mod, text_match("text", phrase if phrase else word)))
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
