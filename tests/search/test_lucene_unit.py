"""Unit tests of the query translator (pure: no database)."""

from __future__ import annotations

import datetime
import json

import pytest

from ckanext.laodata.search import lucene


def translate(q: str, op: str = "AND") -> lucene.Sql:
    return lucene.LuceneTranslator("text", op).translate(q)


def test_user_text_is_never_sql_text() -> None:
    hostile = "title:\"x'); DROP TABLE package; --\" OR name:\"a' OR '1'='1\""
    sql = translate(hostile)
    assert "DROP" not in sql.text and "'1'='1" not in sql.text
    assert any("drop" in str(p) for p in sql.params)


def test_string_field_matches_whole_value() -> None:
    # a facet field: the indexed term array
    sql = translate("tags:health")
    assert sql.text == "(d.facet_terms @> ARRAY[%s]::text[])"
    assert sql.params == ("tags\x1fhealth",)
    # any other string field: the JSONB
    sql = translate("version:1.0")
    assert sql.text == "(d.fields @> %s::jsonb)"
    assert json.loads(sql.params[0]) == {"version": ["1.0"]}


def test_text_field_matches_folded_words() -> None:
    sql = translate('title:"Hà Nội"')
    assert sql.params == ("title", " ha noi ")


def test_match_all() -> None:
    assert translate("*:*").text == "TRUE"


def test_required_clause_makes_optional_ones_non_filtering() -> None:
    sql = translate("+tags:a tags:b", op="OR")
    assert "OR" not in sql.text
    assert sql.params == ("tags\x1fa",)


def test_and_default_operator_requires_all() -> None:
    sql = translate("tags:a tags:b")
    assert sql.text.count("@>") == 2 and " AND " in sql.text


def test_pure_negative_query_excludes() -> None:
    sql = translate("-tags:a")
    assert sql.text.startswith("(TRUE AND NOT") or sql.text.startswith("NOT")


@pytest.mark.parametrize(
    "bad",
    ["title:(", '"unterminated', "a AND", "[1 TO", "{!lucene}x", "/regex/", "ti tle:x:y:(", "na\\me:"],
)
def test_malformed_queries_raise_query_error(bad: str) -> None:
    with pytest.raises(lucene.QueryError):
        translate(bad)


def test_date_math() -> None:
    now = datetime.datetime(2026, 3, 31, 15, 30, 0)
    assert lucene.solr_date_math("NOW", now) == "2026-03-31T15:30:00.000000Z"
    assert lucene.solr_date_math("NOW-1MONTH", now) == "2026-02-28T15:30:00.000000Z"
    assert lucene.solr_date_math("NOW/DAY", now) == "2026-03-31T00:00:00.000000Z"
    assert lucene.solr_date_math("NOW-1YEAR/MONTH", now) == "2025-03-01T00:00:00.000000Z"
    assert lucene.solr_date_math("2024-02-29T00:00:00Z+1YEAR", now) == "2025-02-28T00:00:00.000000Z"
    with pytest.raises(lucene.QueryError):
        lucene.solr_date_math("NOW-1FORTNIGHT", now)
    with pytest.raises(lucene.QueryError):
        lucene.solr_date_math("NOW+99999999YEARS", now)


@pytest.mark.parametrize(
    "spec, optional, expected",
    [
        ("2<-1 5<80%", 1, 1),
        ("2<-1 5<80%", 2, 2),
        ("2<-1 5<80%", 3, 2),
        ("2<-1 5<80%", 5, 4),
        ("2<-1 5<80%", 10, 8),
        ("", 4, 4),
        ("1", 4, 1),
        ("-1", 4, 3),
        ("50%", 5, 2),
        ("-25%", 4, 3),
    ],
)
def test_min_should_match(spec: str, optional: int, expected: int) -> None:
    assert lucene.min_should_match(spec, optional) == expected


def test_dismax_ignores_syntax_characters() -> None:
    sql = lucene.translate_dismax("rice (AND) OR ~ ^", "2<-1 5<80%")
    assert "rice" in " ".join(map(str, sql.params))


def test_dismax_of_nothing_matches_nothing() -> None:
    assert lucene.translate_dismax("!!! ---", None).text == "FALSE"


def _occurs(q: str, op: str = "AND") -> tuple[int, int, int]:
    translator = lucene.LuceneTranslator("text", op)
    run: list = []
    translator._flatten(lucene._luqum_parse(q), lucene.CONJ_NONE, run)
    items = []
    for conj, item in run:
        mod = lucene.MOD_NONE
        if isinstance(item, lucene.tree.Plus):
            mod, item = lucene.MOD_REQ, item.a
        elif isinstance(item, (lucene.tree.Prohibit, lucene.tree.Not)):
            mod, item = lucene.MOD_NOT, item.a
        items.append((conj, mod, translator._node(item, None)))
    c = lucene.boolean_query(items, op)
    return len(c.must), len(c.should), len(c.must_not)


@pytest.mark.parametrize(
    "q, op, expected",
    [
        # Lucene's classic parser, not operator precedence (must, should, must_not)
        ("a OR b AND c", "AND", (2, 1, 0)),  # a +b +c
        ("a AND b OR c", "AND", (1, 2, 0)),  # +a b c
        ("a OR b -c", "AND", (0, 2, 1)),  # a b -c
        ("a b", "AND", (2, 0, 0)),
        ("a b", "OR", (0, 2, 0)),
        ("+a OR b", "AND", (0, 2, 0)),  # Lucene: "+a OR b --> a OR b"
        ("a AND NOT b", "AND", (1, 0, 1)),
        ("+capacity:public tags:x OR tags:y +state:active", "AND", (2, 2, 0)),
    ],
)
def test_lucene_flat_clause_semantics(q: str, op: str, expected: tuple[int, int, int]) -> None:
    assert _occurs(q, op) == expected


def test_dismax_operators() -> None:
    # AND/OR/NOT stay operators in dismax; "water OR river" then obeys mm
    and_sql = lucene.translate_dismax("water AND quality", "2<-1 5<80%")
    assert "and" not in [p.strip("'") for p in and_sql.params]
    not_sql = lucene.translate_dismax("water NOT river", "2<-1 5<80%")
    assert "NOT" in not_sql.text


def test_proximity_and_fuzzy_translate() -> None:
    prox = translate('"rainfall quality"~1')
    assert "<1>" in prox.params[0] and "<2>" in prox.params[0]
    fuzzy = translate("tags:helth~1")
    assert "levenshtein" in fuzzy.text and "helth" in fuzzy.params


def test_long_documents_keep_every_field_searchable() -> None:
    from ckanext.laodata.search import fields

    literal = fields.tsvector_literal({"notes": "word " * 17000, "title": "zebra", "tags": ["rice"]})
    assert "'zebra':" in literal and "'rice':" in literal
