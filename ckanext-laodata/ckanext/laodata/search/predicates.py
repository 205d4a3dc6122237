"""Term-level SQL predicates: one Lucene term, phrase, wildcard, fuzzy or
proximity clause on one field of the index, typed as CKAN's Solr schema types
it (``fields.py``): text fields match analysed words (``analysis.py``), string
fields whole values, dates and ints as such.

The Lucene and dismax parsers (``lucene.py``) call these; they take the
field's name and the clause's text, and know nothing of luqum's tree.
"""

from __future__ import annotations

import json
import re
from typing import Any

from . import analysis, fields
from .sql import SCHEMA, Clauses, QueryError, Sql, are_escape, combine, like_escape


def unescape(text: str) -> str:
    """A Lucene term without its backslash escapes."""
    return re.sub(r"\\(.)", r"\1", text)


def _tsquery(tokens: list[str], prefix: bool = False) -> str:
    quoted = [fields.tsquote(t) for t in tokens]
    if prefix:
        quoted[-1] += ":*"
    return " <-> ".join(quoted)


def text_match(field_name: str, text: str) -> Sql | None:
    toks = analysis.tokens(text, stem=fields.is_stemmed(field_name))
    if not toks:
        return None  # analysed away (punctuation only): Solr drops the clause
    tsq = _tsquery(toks)
    if field_name == "text":
        return Sql("(d.tsv @@ %s::tsquery)", (tsq,), (tsq,))
    needle = " " + " ".join(toks) + " "
    return Sql("(coalesce(strpos(d.ftext->>%s, %s), 0) > 0)", (field_name, needle), (tsq,))


def exact_match(field_name: str, value: str) -> Sql:
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


def wildcard_match(field_name: str, raw: str) -> Sql | None:
    """``raw`` still holds escapes; unescaped ``*``/``?`` are wildcards."""
    pieces = re.split(r"((?<!\\)[*?])", raw)  # literal, wildcard, literal, ...
    if not fields.is_text(field_name):
        like = "".join(
            ("%" if p == "*" else "_") if i % 2 else like_escape(unescape(p)) for i, p in enumerate(pieces)
        )
        return Sql(
            f"EXISTS (SELECT 1 FROM {values_of(field_name)} v WHERE v LIKE %s)",
            values_params(field_name) + (like,),
        )
    # wildcard terms are folded but not stemmed (Solr: only multi-term aware filters)
    literals = ["".join(analysis.tokens(unescape(p))) if i % 2 == 0 else p for i, p in enumerate(pieces)]
    if not any(literals[0::2]):
        return exists(field_name)
    stem = analysis.tokens(unescape(pieces[0]))
    if field_name == "text" and len(pieces) == 3 and pieces[1] == "*" and not pieces[2] and len(stem) == 1:
        tsq = _tsquery(stem, prefix=True)
        return Sql("(d.tsv @@ %s::tsquery)", (tsq,), (tsq,))
    regex = "".join(
        ("[^ |]*" if p == "*" else "[^ |]") if i % 2 else are_escape(p) for i, p in enumerate(literals)
    )
    if field_name == "text":
        return Sql("EXISTS (SELECT 1 FROM unnest(tsvector_to_array(d.tsv)) w WHERE w ~ %s)", (f"^{regex}$",))
    return Sql("(coalesce(d.ftext->>%s, '') ~ %s)", (field_name, f"(^| ){regex}( |$)"))


_MAX_PROXIMITY_VARIANTS = 64


def proximity_match(field_name: str, text: str, slop: int) -> Sql | None:
    """``"a b"~N``: the words within N positions of each other, in order
    (a reversed pair costs two moves, as in Lucene's sloppy phrase)."""
    toks = analysis.tokens(text, stem=fields.is_stemmed(field_name))
    if not toks:
        return None
    if len(toks) == 1 or slop <= 0:
        return text_match(field_name, text)
    variants: list[str] = []
    if field_name == "text" and (slop + 1) ** (len(toks) - 1) <= _MAX_PROXIMITY_VARIANTS:
        quoted = [fields.tsquote(t) for t in toks]

        def chains(i: int, budget: int) -> list[str]:
            if i == len(quoted) - 1:
                return [quoted[i]]
            return [
                f"{quoted[i]} <{gap + 1}> {rest}"
                for gap in range(budget + 1)
                for rest in chains(i + 1, budget - gap)
            ]

        variants = chains(0, slop)
        if len(toks) == 2 and slop >= 2:
            variants += [f"{quoted[1]} <{gap + 1}> {quoted[0]}" for gap in range(slop - 1)]
        tsq = " | ".join(f"({v})" for v in variants)
        return Sql("(d.tsv @@ %s::tsquery)", (tsq,), (tsq,))
    if field_name == "text":  # too many combinations: all the words
        return combine(Clauses(must=[s for s in (text_match(field_name, t) for t in text.split()) if s]))
    # other text fields hold "padded tokens": words apart by at most `slop` others
    gap = f"( [^ |]+){{0,{slop}}} "
    forward = " " + gap.join(are_escape(t) for t in toks) + " "
    patterns = [forward]
    if len(toks) == 2 and slop >= 2:
        patterns.append(" " + f"( [^ |]+){{0,{slop - 2}}} ".join(are_escape(t) for t in reversed(toks)) + " ")
    pattern = "|".join(f"({p})" for p in patterns)
    return Sql("(coalesce(d.ftext->>%s, '') ~ %s)", (field_name, pattern), (_tsquery(toks),))


def fuzzy_match(field_name: str, raw: str, degree: Any) -> Sql | None:
    """``word~N``: indexed words within N edits (Levenshtein, at most 2)."""
    term = "".join(analysis.tokens(unescape(raw))) if fields.is_text(field_name) else unescape(raw)
    if not term:
        return None
    try:
        value = float(degree) if degree is not None else 2.0
    except (TypeError, ValueError):
        raise QueryError(f"Invalid fuzzy degree '{degree}'") from None
    edits = min(2, int(value)) if value >= 1 else min(2, max(1, int((1 - value) * len(term))))
    levenshtein = f"{SCHEMA}.levenshtein"
    if not fields.is_text(field_name):
        value_text = unescape(raw)  # string fields: the whole value, unanalysed
        return Sql(
            f"EXISTS (SELECT 1 FROM {values_of(field_name)} v WHERE length(v) <= 255 "
            f"AND abs(length(v) - %s) <= %s AND {levenshtein}(v, %s) <= %s)",
            values_params(field_name) + (len(value_text), edits, value_text[:255], edits),
        )
    source = (
        "unnest(tsvector_to_array(d.tsv))"
        if field_name == "text"
        else "regexp_split_to_table(coalesce(d.ftext->>%s, ''), ' ')"
    )
    params: tuple[Any, ...] = () if field_name == "text" else (field_name,)
    return Sql(
        f"EXISTS (SELECT 1 FROM {source} w WHERE w <> '' AND w <> '|' "
        f"AND abs(length(w) - %s) <= %s AND {levenshtein}(w, %s) <= %s)",
        params + (len(term), edits, term[:255], edits),
    )


def exists(field_name: str) -> Sql:
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
