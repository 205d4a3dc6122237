"""package_search against the 50-dataset corpus: a table of queries and the
datasets (and facet counts) Solr with CKAN's schema would return.

How the expectations were derived (see tests/search/fixtures.py for the data):
* ``q`` without ``:`` is dismax (CKAN sets ``defType=dismax``,
  ``mm='2<-1 5<80%'``) over the catch-all ``text`` field, which holds name,
  title, notes, tags, groups, organization, extras_*, res_name, urls...:
  1-2 words all required, 3-5 words all but one, 6+ words 80% rounded down.
* ``q`` with ``:`` is the Lucene standard parser with ``q.op=AND``; Lucene
  builds one flat boolean query per parenthesis level (QueryParserBase.addClause:
  "a OR b -c" is "(a OR b) AND NOT c"; "a AND b OR c" is "+a b c").
* string fields (name, tags, groups, organization, res_format, license_id,
  title_string, the bare extras keys like ``region``) match whole values,
  case- and accent-sensitively; text fields (title, notes, extras_*) match
  words case- and accent-insensitively.
* CKAN adds ``+capacity:public`` unless include_private, ``+state:active``
  unless include_drafts/include_deleted or an explicit ``+state`` in fq.
  ``helpers.call_action`` runs with ignore_auth, i.e. no permission labels:
  role-based visibility is in test_permissions.py.
Visible by default: the 36 public active datasets.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest

import ckan.lib.search as search
import ckan.plugins.toolkit as tk
from ckan.tests import helpers

from .fixtures import (  # noqa: F401
    DELETED_NAMES,
    DRAFTS,
    OLD,
    PRIVATE,
    PUBLIC_ACTIVE,
    PUBLIC_TAG_COUNTS,
    SPECS,
    corpus,
)

# Read-only tests on one corpus per module; ``corpus`` also keeps the plugins
# loaded for the module (in place of the function-scoped ``with_plugins``).
pytestmark = pytest.mark.usefixtures("corpus")

HEALTH = {  # tags:health (lower-case) among public active datasets
    "hanoi-hospitals",
    "vientiane-health-data",
    "malaria-cases",
    "water-quality-report",
    "ha-giang-clinics",
    "vaccination-coverage",
    "covid-travel",
    "school-health",
    "health-education-stats",
}
EDUCATION = {
    "school-enrolment",
    "lao-teachers",
    "school-health",
    "university-graduates",
    "literacy-rates",
    "health-education-stats",
}
TRANSPORT = {
    "hanoi-roads",
    "bus-routes",
    "river-ports",
    "traffic-accidents",
    "tourism-arrivals",
    "covid-travel",
    "airport-passengers",
}
HA_NOI = {"hanoi-hospitals", "water-quality-report", "hanoi-roads", "dieu-tra-dan-so"}
REGION_HA_NOI = {"hanoi-hospitals", "hanoi-roads", "dieu-tra-dan-so"}
REGION_VIENTIANE = {"vientiane-health-data", "water-quality-report", "bus-routes", "school-enrolment"}
LAO_HEALTH = {"vientiane-health-data", "school-health", "health-education-stats"}
GREEN = {
    "heatwave-alerts",
    "water-quality-report",
    "school-health",
    "agriculture-census",
    "rice-production",
    "forest-cover",
    "rainfall-stations",
}
DELTA_PUBLIC = {
    "census-2015",
    "census-2005",
    "dieu-tra-dan-so",
    "zebra-crossings",
    "agriculture-census",
    "gdp-quarterly",
    "consumer-prices",
    "rice-production",
    "forest-cover",
    "rainfall-stations",
    "household-survey",
    "labour-force",
    "mining-output",
    "electricity",
    "internet-subscribers",
}
# org-delta's public active titles in code-point order (Solr sorts string fields by UTF-8 bytes):
# upper case < lower case < "Đ" (U+0110).
DELTA_BY_TITLE = [
    "census-2015",  # Census 2015
    "consumer-prices",  # Consumer price index
    "electricity",  # Electricity consumption
    "forest-cover",  # Forest cover
    "gdp-quarterly",  # GDP quarterly
    "household-survey",  # Household survey 2018
    "internet-subscribers",  # Internet subscribers
    "labour-force",  # Labour force survey
    "mining-output",  # Mining output
    "rainfall-stations",  # Rainfall stations
    "rice-production",  # Rice production
    "zebra-crossings",  # Zebra crossing counts
    "agriculture-census",  # agriculture census 2020
    "census-2005",  # census 2005 archive
    "dieu-tra-dan-so",  # Điều tra dân số 2019
]
OLD_BY_MODIFIED_DESC = [
    "vaccination-coverage",
    "dieu-tra-dan-so",
    "household-survey",
    "census-2015",
    "census-2005",
]
OLD_FQ = "metadata_modified:[* TO NOW-1YEAR]"


@dataclass
class Case:
    params: dict[str, Any]
    names: set[str] | list[str]  # a list: the order matters
    count: int | None = None  # defaults to the number of expected names


def _case(
    id_: str, params: dict[str, Any] | str, names: Any, *, marks: Any = (), count: int | None = None
) -> Any:
    if isinstance(params, str):
        params = {"q": params}
    return pytest.param(
        Case(params, names if isinstance(names, list) else set(names), count), id=id_, marks=marks
    )


def run_search(**params: Any) -> dict[str, Any]:
    params.setdefault("rows", 1000)
    return helpers.call_action("package_search", **params)


def result_names(result: dict[str, Any]) -> list[str]:
    return [r["name"] for r in result["results"]]


CASES = [
    # --- dismax free text: accent and case folding ---------------------------
    _case("dismax-ha-noi", "ha noi", HA_NOI),
    _case("dismax-ha-noi-accented", "Hà Nội", HA_NOI),
    _case("dismax-ha-noi-upper", "HÀ NỘI", HA_NOI),
    _case("dismax-phrase-ha-noi", '"ha noi"', HA_NOI),
    _case("dismax-ha-giang-not-ha-noi", "ha giang", {"ha-giang-clinics"}),
    _case("dismax-duong", "duong", {"hanoi-roads"}),
    _case("dismax-duong-accented-upper", "ĐƯỜNG", {"hanoi-roads"}),
    _case("dismax-benh-vien", "benh vien", {"hanoi-hospitals"}),
    _case("dismax-dieu-tra-dan-so-4-words", "dieu tra dan so", {"dieu-tra-dan-so"}),
    _case("dismax-luang-prabang-extras-in-text", "luang prabang", {"tourism-arrivals", "literacy-rates"}),
    _case("dismax-extras-value-in-text", "hmis", {"malaria-cases"}),
    _case("dismax-covid-19", "COVID-19", {"covid-travel"}),
    _case("dismax-empty-q-is-all", "", PUBLIC_ACTIVE),
    # --- Lao: words found inside unsegmented Lao text --------------------------
    _case("lao-health-in-longer-titles", "ສຸຂະພາບ", LAO_HEALTH),
    _case("lao-education", "ການສຶກສາ", {"school-enrolment", "health-education-stats"}),
    _case("lao-vientiane", "ວຽງຈັນ", {"vientiane-health-data", "school-enrolment"}),
    _case("lao-data-title-and-notes", "ຂໍ້ມູນ", {"vientiane-health-data", "school-enrolment", "lao-teachers"}),
    _case("lao-teachers-in-notes-and-title", "ຄູສອນ", {"lao-teachers"}),
    _case("lao-word-with-am-vowel", "ຈຳນວນ", {"lao-teachers"}),
    _case("lao-part-of-word-not-found", "ນວນ", set()),
    _case("lao-title-field", "title:ສຸຂະພາບ", LAO_HEALTH),
    # --- dismax: minimum-should-match and +/- --------------------------------
    _case("dismax-one-word", "water", {"water-quality-report", "river-ports", "rainfall-stations"}),
    _case("dismax-two-words-both-required", "water river", {"river-ports", "rainfall-stations"}),
    _case("dismax-minus", "water -river", {"water-quality-report"}),
    _case("dismax-plus-and-optional", "+water river", {"river-ports", "rainfall-stations"}),
    _case("dismax-3-words-need-2", "water quality report", {"water-quality-report", "rainfall-stations"}),
    _case("dismax-phrase-does-not-cross-values", '"roads transport"', set()),  # two tags, not a phrase
    # dismax escapes Lucene's special characters but not the words AND/OR/NOT
    # (SolrPluginUtils.partialEscape), so they stay operators; mm then applies
    # to the optional clauses.
    _case("dismax-not-operator", "water NOT river", {"water-quality-report"}),
    _case("dismax-and-operator", "water AND quality", {"water-quality-report", "rainfall-stations"}),
    _case("dismax-or-operator", "water OR river OR census", {"river-ports", "rainfall-stations"}),
    _case("dismax-5-words-need-4", "census population housing 2015 archive", {"census-2015"}),
    _case(
        "dismax-6-words-need-80pct-floor-4", "census population housing 2015 archive tables", {"census-2015"}
    ),
    _case("dismax-stemming-like-solr", "hospital", {"hanoi-hospitals", "traffic-accidents"}),
    # --- string fields: exact, case- and accent-sensitive ----------------------
    _case("all-docs", "*:*", PUBLIC_ACTIVE),
    _case("tags-exact", "tags:health", HEALTH),
    _case("tags-case-sensitive", "tags:Health", {"heatwave-alerts"}),
    _case("tags-phrase-with-space", 'tags:"public health"', {"malaria-cases", "traffic-accidents"}),
    _case("tags-hyphen", "tags:COVID-19", {"covid-travel"}),
    _case("tags-hyphen-lowercase-no-match", "tags:covid-19", set()),
    _case("tags-accented", 'tags:"đường bộ"', {"hanoi-roads"}),
    _case("tags-accents-not-folded", 'tags:"duong bo"', set()),
    _case("tags-wildcard-prefix", "tags:hea*", HEALTH | {"healthcare-workers", "heatwave-alerts"}),
    _case("tags-fuzzy", "tags:helth~1", HEALTH),
    _case("name-exact", "name:hanoi-roads", {"hanoi-roads"}),
    _case("name-case-sensitive", "name:Hanoi-roads", set()),
    _case("name-wildcard-suffix", "name:hanoi-*", {"hanoi-hospitals", "hanoi-roads"}),
    _case("name-wildcard-leading", "name:*-census", {"agriculture-census"}),
    _case("name-wildcard-single-char", "name:census-20?5", {"census-2005", "census-2015"}),
    _case("name-range-inclusive", "name:[census-2005 TO census-2015]", {"census-2005", "census-2015"}),
    _case("name-range-exclusive-low", "name:{census-2005 TO census-2015]", {"census-2015"}),
    _case("title-string-wildcard-upper", "title_string:Census*", {"census-2015"}),
    _case("title-string-wildcard-lower", "title_string:census*", {"census-2005"}),
    _case(
        "title-string-range-bytes",
        "title_string:[A TO D}",
        {
            "airport-passengers",
            "bus-routes",
            "hanoi-hospitals",
            "census-2015",
            "covid-travel",
            "consumer-prices",
        },
    ),
    _case("organization", "organization:org-gamma", EDUCATION),
    _case("groups", "groups:grp-green", GREEN),
    _case("groups-both", "groups:grp-green AND groups:grp-money", {"agriculture-census"}),
    _case(
        "license",
        "license_id:odc-by",
        {
            "malaria-cases",
            "water-quality-report",
            "bus-routes",
            "university-graduates",
            "consumer-prices",
            "household-survey",
        },
    ),
    _case(
        "res-format",
        "res_format:JSON",
        {
            "healthcare-workers",
            "hanoi-roads",
            "bus-routes",
            "school-health",
            "forest-cover",
            "internet-subscribers",
        },
    ),
    _case("extra-as-string-field", "region:Vientiane", REGION_VIENTIANE),
    _case("extra-string-case-sensitive", "region:vientiane", set()),
    _case("extra-string-accented-phrase", 'region:"Hà Nội"', REGION_HA_NOI),
    _case("extra-string-accents-not-folded", 'region:"ha noi"', set()),
    _case("extra-exists", "surveillance_system:*", {"malaria-cases"}),
    # --- text fields: words, folded ------------------------------------------
    _case("extras-text-field", "extras_region:vientiane", REGION_VIENTIANE),
    _case("extras-text-field-phrase", 'extras_region:"ha noi"', REGION_HA_NOI),
    _case("title-word", "title:noi", {"hanoi-hospitals", "hanoi-roads"}),
    _case("title-word-accented-upper", "title:NỘI", {"hanoi-hospitals", "hanoi-roads"}),
    _case("title-phrase", 'title:"ha noi"', {"hanoi-hospitals", "hanoi-roads"}),
    _case("title-phrase-word-order", 'title:"noi ha"', set()),
    _case("title-phrase-4-words", 'title:"benh vien ha noi"', {"hanoi-hospitals"}),
    _case(
        "title-case-insensitive",
        "title:CENSUS",
        {"healthcare-workers", "census-2015", "census-2005", "agriculture-census"},
    ),
    _case("title-wildcard-folded", "title:ha*", {"hanoi-hospitals", "ha-giang-clinics", "hanoi-roads"}),
    _case("title-wildcard", "title:hea*", {"healthcare-workers", "heatwave-alerts"}),
    _case("notes-word", "notes:hospitals", {"traffic-accidents"}),
    _case("notes-phrase", 'notes:"river levels"', {"rainfall-stations"}),
    _case("notes-proximity-too-far", 'notes:"rainfall quality"~1', set()),
    _case("notes-proximity-within", 'notes:"rainfall quality"~10', {"rainfall-stations"}),
    # --- boolean structure (q.op=AND) --------------------------------------
    _case("and", "tags:health AND tags:education", {"school-health", "health-education-stats"}),
    _case("implicit-and", "tags:health tags:education", {"school-health", "health-education-stats"}),
    _case(
        "plus-and-implicit-both-required",
        "+tags:health tags:education",
        {"school-health", "health-education-stats"},
    ),
    _case("or", "tags:health OR tags:education", HEALTH | EDUCATION),
    _case("boost-ignored-for-matching", "tags:health^2 OR tags:education", HEALTH | EDUCATION),
    _case(
        "and-not",
        "tags:health AND NOT organization:org-alpha",
        {"covid-travel", "school-health", "health-education-stats"},
    ),
    _case(
        "minus",
        "tags:health -organization:org-alpha",
        {"covid-travel", "school-health", "health-education-stats"},
    ),
    _case(
        "plus-plus",
        "+tags:health +res_format:PDF",
        {"hanoi-hospitals", "water-quality-report", "covid-travel"},
    ),
    _case(
        "group-and",
        "(tags:health OR tags:education) AND res_format:CSV",
        {
            "hanoi-hospitals",
            "malaria-cases",
            "water-quality-report",
            "ha-giang-clinics",
            "vaccination-coverage",
            "school-enrolment",
            "lao-teachers",
            "health-education-stats",
        },
    ),
    _case(
        "and-group-or",
        "tags:health AND (organization:org-beta OR organization:org-gamma)",
        {"covid-travel", "school-health", "health-education-stats"},
    ),
    _case("pure-not", "NOT tags:health", PUBLIC_ACTIVE - HEALTH),
    _case("pure-minus", "-tags:health", PUBLIC_ACTIVE - HEALTH),
    _case(
        "minus-exists",
        "tags:health -region:*",
        {"malaria-cases", "vaccination-coverage", "covid-travel", "school-health", "health-education-stats"},
    ),
    _case(
        "or-then-minus-is-flat", "tags:transport OR tags:roads -organization:org-beta", {"zebra-crossings"}
    ),
    _case(
        "or-then-and-is-flat",
        "tags:transport OR tags:health AND tags:education",
        {"school-health", "health-education-stats"},
    ),
    _case("field-group-or", "tags:(health OR education)", HEALTH | EDUCATION),
    _case("field-group-implicit-and", "tags:(health education)", {"school-health", "health-education-stats"}),
    _case("title-field-group", "title:(ha noi)", {"hanoi-hospitals", "hanoi-roads"}),
    _case("explicit-text-field", "text:noi", HA_NOI),
    _case("escaped-hyphen", "name:census\\-2015", {"census-2015"}),
    _case("and-then-or-is-flat", "tags:health AND tags:education OR tags:transport", HEALTH),
    # --- dates: ranges, exclusive bounds, date math ----------------------------
    _case("modified-older-than-a-year", OLD_FQ, OLD),
    _case("created-older-than-a-year", "metadata_created:[* TO NOW-1YEAR]", OLD),
    _case(
        "modified-last-day-in-org",
        {"q": "metadata_modified:[NOW-1DAY TO *]", "fq": "organization:org-delta"},
        DELTA_PUBLIC - OLD,
    ),
    _case(
        "modified-rounded-day-math", "metadata_modified:[NOW/DAY-1DAY TO NOW/DAY+1DAY]", PUBLIC_ACTIVE - OLD
    ),
    _case(
        "created-in-2019",
        "metadata_created:[2019-01-01T00:00:00Z TO 2019-12-31T23:59:59Z]",
        {"household-survey", "dieu-tra-dan-so"},
    ),
    _case(
        "created-date-math-on-explicit-date",
        "metadata_created:[2019-01-01T00:00:00Z TO 2019-01-01T00:00:00Z+1YEAR]",
        {"household-survey", "dieu-tra-dan-so"},
    ),
    _case(
        "modified-inclusive-bounds",
        "metadata_modified:[2019-02-01T00:00:00Z TO 2020-01-20T00:00:00Z]",
        {"household-survey", "dieu-tra-dan-so"},
    ),
    _case(
        "modified-exclusive-low",
        "metadata_modified:{2019-02-01T00:00:00Z TO 2020-01-20T00:00:00Z]",
        {"dieu-tra-dan-so"},
    ),
    _case(
        "modified-exclusive-high",
        "metadata_modified:[2019-02-01T00:00:00Z TO 2020-01-20T00:00:00Z}",
        {"household-survey"},
    ),
    _case(
        "modified-rounded-explicit-day",
        "metadata_modified:[2019-02-01T13:00:00Z/DAY TO 2019-02-01T13:00:00Z/DAY+1DAY}",
        {"household-survey"},
    ),
    _case("modified-exact-date-term", 'metadata_modified:"2019-02-01T00:00:00Z"', {"household-survey"}),
    # --- fq and fq_list ----------------------------------------------------
    _case(
        "fq-narrows-dismax",
        {"q": "ha noi", "fq": "organization:org-alpha"},
        {"hanoi-hospitals", "water-quality-report"},
    ),
    _case("fq-narrows-dismax-word", {"q": "census", "fq": "organization:org-alpha"}, {"healthcare-workers"}),
    _case("fq-list", {"q": "*:*", "fq_list": ["res_format:PDF", "tags:census"]}, {"census-2005"}),
    _case(
        "fq-list-negative",
        {"q": "*:*", "fq_list": ["organization:org-delta", "-tags:census"]},
        DELTA_PUBLIC - {"census-2015", "census-2005", "dieu-tra-dan-so", "agriculture-census"},
    ),
    # CKAN appends " +state:(active)" to the fq string: "X OR Y +state:(active)"
    # is flat in Lucene (X, Y optional), so the OR filters nothing.
    _case("fq-top-level-or-is-optional", {"fq": "tags:education OR tags:transport"}, PUBLIC_ACTIVE),
    _case(
        "fq-and-fq-list",
        {"q": "tags:water", "fq": "organization:org-beta", "fq_list": ["res_format:CSV"]},
        {"river-ports"},
    ),
    # --- include_private / include_drafts / include_deleted / explicit state --
    _case("private-hidden-by-default", "tags:budget", set()),
    _case(
        "include-private", {"q": "tags:budget", "include_private": True}, {"hospital-budget", "road-tenders"}
    ),
    _case("capacity-private", {"q": "capacity:private", "include_private": True}, PRIVATE),
    _case("include-drafts", {"q": "tags:transport", "include_drafts": True}, TRANSPORT | {"parking-zones"}),
    _case(
        "include-drafts-and-private",
        {"q": "tags:transport", "include_drafts": True, "include_private": True},
        TRANSPORT | {"parking-zones", "hanoi-metro-plans"},
    ),
    _case(
        "include-deleted",
        {"q": "tags:water", "include_deleted": True},
        {"water-quality-report", "river-ports", "rainfall-stations", "ferry-schedule"},
    ),
    _case(
        "include-everything",
        {"q": "*:*", "include_private": True, "include_drafts": True, "include_deleted": True},
        set(SPECS),
    ),
    _case("explicit-state-draft", {"fq": "+state:draft"}, DRAFTS),
    _case("explicit-state-deleted", {"fq": "+state:deleted"}, DELETED_NAMES),
    # --- sorting and paging (order matters: lists) -----------------------------
    _case(
        "sort-title-string-asc-bytes",
        {"fq": "organization:org-delta", "sort": "title_string asc"},
        DELTA_BY_TITLE,
    ),
    _case(
        "sort-title-string-desc",
        {"fq": "organization:org-delta", "sort": "title_string desc"},
        DELTA_BY_TITLE[::-1],
    ),
    _case(
        "page-2",
        {"fq": "organization:org-delta", "sort": "title_string asc", "rows": 5, "start": 5},
        DELTA_BY_TITLE[5:10],
        count=15,
    ),
    _case(
        "page-last-partial",
        {"fq": "organization:org-delta", "sort": "title_string asc", "rows": 10, "start": 10},
        DELTA_BY_TITLE[10:],
        count=15,
    ),
    _case(
        "page-past-end",
        {"fq": "organization:org-delta", "sort": "title_string asc", "rows": 10, "start": 15},
        [],
        count=15,
    ),
    _case("rows-0-counts-only", {"fq": "organization:org-delta", "rows": 0}, [], count=15),
    _case("sort-modified-desc", {"fq": OLD_FQ, "sort": "metadata_modified desc"}, OLD_BY_MODIFIED_DESC),
    _case(
        "sort-created-asc",
        {"fq": OLD_FQ, "sort": "metadata_created asc"},
        ["census-2005", "census-2015", "household-survey", "dieu-tra-dan-so", "vaccination-coverage"],
    ),
    _case("sort-default-score-then-modified", {"q": "*:*", "fq": OLD_FQ}, OLD_BY_MODIFIED_DESC),
    _case(
        "sort-dismax-by-title-string",
        {"q": "census", "sort": "title_string asc"},
        ["census-2015", "healthcare-workers", "agriculture-census", "census-2005", "dieu-tra-dan-so"],
    ),
    _case(
        "sort-name-asc",
        {"q": "tags:education", "sort": "name asc"},
        [
            "health-education-stats",
            "lao-teachers",
            "literacy-rates",
            "school-enrolment",
            "school-health",
            "university-graduates",
        ],
    ),
    _case(
        "sort-two-keys",
        {"q": "tags:roads", "sort": "organization desc, name asc"},
        ["zebra-crossings", "hanoi-roads", "traffic-accidents"],
    ),
]


@pytest.mark.parametrize("case", CASES)
def test_query(case: Case) -> None:
    expected = case.names
    assert all(n in SPECS for n in expected), "typo in the expectation"
    result = run_search(**case.params)
    got = result_names(result)
    if isinstance(expected, list):
        assert got == expected
    else:
        assert sorted(got) == sorted(expected)
    assert result["count"] == (case.count if case.count is not None else len(expected))


# --- ranking ------------------------------------------------------------------


def test_score_ranks_title_match_first() -> None:
    # "water" is in the title of water-quality-report (title^4 in CKAN's qf),
    # only in tags/notes of the other two.
    result = run_search(q="water", sort="score desc")
    names = result_names(result)
    assert names[0] == "water-quality-report"
    assert set(names) == {"water-quality-report", "river-ports", "rainfall-stations"}


def test_default_sort_ranks_title_matches_first() -> None:
    # "ha noi" is in the titles of hanoi-hospitals and hanoi-roads, only in the
    # notes / region extra of the other two.
    names = result_names(run_search(q="ha noi"))
    assert set(names[:2]) == {"hanoi-hospitals", "hanoi-roads"}
    assert set(names) == HA_NOI


def test_score_returned_when_asked() -> None:
    result = run_search(q="water", fl=["name", "score"], sort="score desc")
    scores = [r["score"] for r in result["results"]]
    assert [r["name"] for r in result["results"]][0] == "water-quality-report"
    assert all(isinstance(s, float) and s > 0 for s in scores)
    assert scores == sorted(scores, reverse=True)


# --- fl -----------------------------------------------------------------------


def test_fl_restricts_fields() -> None:
    result = run_search(q="name:hanoi-roads", fl=["name", "title"])
    assert result["results"] == [{"name": "hanoi-roads", "title": "Đường phố Hà Nội"}]


def test_fl_single_name() -> None:
    result = run_search(q="tags:roads", fl="name", sort="name asc")
    assert result["results"] == [
        {"name": "hanoi-roads"},
        {"name": "traffic-accidents"},
        {"name": "zebra-crossings"},
    ]


def test_fl_extras_are_returned_under_their_key() -> None:
    result = run_search(q="region:Vientiane", fl=["name", "extras_region"], sort="name asc")
    assert result["results"] == [
        {"name": "bus-routes", "region": "Vientiane"},
        {"name": "school-enrolment", "region": "Vientiane"},
        {"name": "vientiane-health-data", "region": "Vientiane"},
        {"name": "water-quality-report", "region": "Vientiane"},
    ]


def test_full_results_are_ckan_dataset_dicts(corpus: Any) -> None:
    result = run_search(q="name:malaria-cases")
    (pkg,) = result["results"]
    assert pkg["id"] == corpus.ids["malaria-cases"]
    assert pkg["title"] == "Malaria cases by district"
    assert sorted(t["name"] for t in pkg["tags"]) == ["health", "malaria", "public health"]
    assert [r["format"] for r in pkg["resources"]] == ["CSV", "CSV"]
    assert pkg["organization"]["name"] == "org-alpha"
    assert {e["key"]: e["value"] for e in pkg["extras"]} == {"surveillance_system": "HMIS"}


# --- facets -------------------------------------------------------------------

ALL_FACETS = {
    "tags": PUBLIC_TAG_COUNTS,
    # a dataset with two CSV resources (malaria-cases) counts once
    "res_format": {"CSV": 18, "XLSX": 11, "PDF": 8, "JSON": 6},
    "license_id": {"cc-by": 24, "odc-by": 6, "cc-zero": 4, "notspecified": 1, "other-open": 1},
    "organization": {"org-delta": 15, "org-alpha": 8, "org-beta": 7, "org-gamma": 6},
    "groups": {"grp-green": 7, "grp-money": 7},
}


def facet_search(fields: list[str], **params: Any) -> dict[str, Any]:
    return run_search(**{"facet.field": json.dumps(fields)}, **params)


def test_facets_all_public_active() -> None:
    result = facet_search(list(ALL_FACETS), q="*:*", **{"facet.limit": -1})
    assert result["count"] == 36
    assert result["facets"] == ALL_FACETS
    # CKAN's restructured form carries the same counts
    items = {i["name"]: i["count"] for i in result["search_facets"]["tags"]["items"]}
    assert items == PUBLIC_TAG_COUNTS


def test_facets_follow_the_query() -> None:
    result = facet_search(["organization", "res_format"], q="ha noi")
    assert result["facets"] == {
        "organization": {"org-alpha": 2, "org-beta": 1, "org-delta": 1},
        "res_format": {"CSV": 3, "PDF": 2, "JSON": 1, "XLSX": 1},
    }


def test_facets_follow_fq_and_include_private() -> None:
    result = facet_search(["organization", "groups"], q="*:*", fq="tags:budget", include_private=True)
    assert result["facets"] == {
        "organization": {"org-alpha": 1, "org-beta": 1},
        "groups": {"grp-money": 2},
    }


def test_facet_limit_keeps_highest_counts_ties_in_index_order() -> None:
    # census and economy both have 4: Solr breaks the tie by term order
    result = facet_search(["tags"], q="*:*", **{"facet.limit": 4})
    assert result["facets"]["tags"] == {"health": 9, "transport": 7, "education": 6, "census": 4}
    result = facet_search(["groups"], q="*:*", **{"facet.limit": 1})
    assert result["facets"]["groups"] == {"grp-green": 7}


def test_facet_limit_default_from_config() -> None:
    # search.facets.limit defaults to 50: all 34 tags come back
    assert facet_search(["tags"], q="*:*")["facets"]["tags"] == PUBLIC_TAG_COUNTS


def test_facet_mincount() -> None:
    result = facet_search(["tags"], q="*:*", **{"facet.mincount": 3, "facet.limit": -1})
    assert result["facets"]["tags"] == {k: v for k, v in PUBLIC_TAG_COUNTS.items() if v >= 3}
    assert len(result["facets"]["tags"]) == 8


def test_facet_multivalued_field_counts_documents() -> None:
    result = facet_search(["res_format", "tags"], q="name:malaria-cases")
    assert result["facets"] == {
        "res_format": {"CSV": 1},
        "tags": {"health": 1, "malaria": 1, "public health": 1},
    }


def test_facets_with_rows_0() -> None:
    result = facet_search(["organization"], q="tags:health", rows=0)
    assert result["results"] == [] and result["count"] == 9
    assert result["facets"]["organization"] == {"org-alpha": 6, "org-beta": 1, "org-gamma": 2}


def test_facets_count_drafts_and_deleted_only_when_included() -> None:
    result = facet_search(["organization"], q="tags:transport", include_drafts=True, include_deleted=True)
    assert result["facets"]["organization"] == {"org-beta": 7 + 2}  # + parking-zones (draft), ferry-schedule


# --- errors -------------------------------------------------------------------


@pytest.mark.parametrize(
    "params",
    [
        {"q": "tags:(health"},
        {"q": "title:[a TO"},
        {"q": "*:*", "sort": "title_string sideways"},
        {"q": "metadata_modified:[NOW-1FORTNIGHT TO *]"},
        {"q": "title:" + "(" * 600 + "rice" + ")" * 600},  # deeper than the translator recurses
        {"q": "title:rice~" + "9" * 400},  # fuzzy degree out of range
        {"q": 'title:"rice fields"~' + "9" * 400},  # proximity out of range
        {"q": "metadata_modified:[NOW+" + "9" * 5000 + "DAY TO *]"},  # beyond Python's int digits
        {"q": "rice", "defType": "dismax", "mm": ["1"]},  # mm not a string
    ],
)
def test_bad_queries_raise_search_errors(params: dict[str, Any]) -> None:
    with pytest.raises(search.SearchError):
        run_search(**params)


def test_bad_query_is_a_400_through_the_api(app: Any) -> None:
    response = app.get(
        tk.url_for("api.action", logic_function="package_search", ver=3),
        query_string={"q": "tags:(health"},
        status=400,
    )
    body = response.json
    assert body["success"] is False
    assert body["error"]["__type"] == "Search Query Error"
