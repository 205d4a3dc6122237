"""A fixed corpus of 50 datasets for the search integration tests.

The corpus is built through CKAN's actions (so the documents in the index are
the ones CKAN itself produces), once per test module: the ``corpus`` fixture
below is module-scoped and does what the project's ``clean_db`` does
(reset_db + activity migrations + empty index) before building.

Every expectation in the tests is written by hand from the table
``DATASETS``; read it together with the tests. The vocabulary is chosen so
that a free-text word hits only the datasets it is meant to hit: organization
and group *names* (which are copied into the catch-all ``text`` field) are
``org-alpha``... and ``grp-green``/``grp-money``; resource names are
"Resource N"; resource URLs carry no format extension.

Visibility, by design of the table:
* 36 public active datasets (the default search),
* 6 private (2 in org-alpha, 2 in org-beta, 1 in org-gamma, 1 in org-delta),
* 4 drafts (one per organization), 4 deleted (one per organization);
  deleted datasets stay in the index (``ckan.search.remove_deleted_packages``
  is off while the corpus is built) so that ``include_deleted`` has
  something to find.
* 5 datasets have old metadata_created/metadata_modified dates, set in the
  database and re-indexed (a harvested-data situation).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import sqlalchemy as sa

import ckan.lib.search as search
import ckan.model as model
import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers

from tests.published import PUBLISHABLE, move_to, site_context

ACTIVE, DRAFT, DELETED = "active", "draft", "deleted"


@dataclass(frozen=True)
class Spec:
    name: str
    title: str
    org: str
    tags: tuple[str, ...]
    formats: tuple[str, ...]
    notes: str = ""
    license: str = "cc-by"
    groups: tuple[str, ...] = ()
    extras: dict[str, str] = field(default_factory=dict)
    private: bool = False
    state: str = ACTIVE
    # (metadata_created, metadata_modified), UTC, for "old" datasets
    dates: tuple[datetime.datetime, datetime.datetime] | None = None


def _d(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text)


ORGS = {
    "org-alpha": "Bộ Y tế",  # health
    "org-beta": "Transport Department",
    "org-gamma": "ກະຊວງສຶກສາທິການ",  # education
    "org-delta": "Statistics Bureau",
}
GROUPS = {"grp-green": "Environment", "grp-money": "Economy"}

# Users and their roles (created with these exact names).
SYSADMIN = "root-admin"
ALPHA_EDITOR = "alice"
ALPHA_MEMBER = "amy"
BETA_EDITOR = "bob"
PLAIN_USER = "carol"

HANOI = "Hà Nội"
VIENTIANE = "Vientiane"
LUANG_PRABANG = "Luang Prabang"

DATASETS: tuple[Spec, ...] = (
    # --- org-alpha (health): 8 public active, 2 private, 1 draft, 1 deleted
    Spec(
        "hanoi-hospitals",
        "Bệnh viện Hà Nội",
        "org-alpha",
        ("health", "hospitals"),
        ("CSV", "PDF"),
        notes="Danh sách bệnh viện công lập tại Hà Nội.",
        extras={"region": HANOI},
    ),
    Spec(
        "vientiane-health-data",
        "ຂໍ້ມູນສຸຂະພາບແຂວງວຽງຈັນ",
        "org-alpha",
        ("health",),
        ("XLSX",),
        notes="Provincial health statistics.",
        extras={"region": VIENTIANE},
    ),
    Spec(
        "malaria-cases",
        "Malaria cases by district",
        "org-alpha",
        ("health", "malaria", "public health"),
        ("CSV", "CSV"),
        notes="Weekly malaria surveillance from HMIS.",
        license="odc-by",
        extras={"surveillance_system": "HMIS"},
    ),
    Spec(
        "healthcare-workers",
        "Healthcare workers census",
        "org-alpha",
        ("healthcare",),
        ("JSON",),
        notes="Doctors and nurses per province.",
        license="cc-zero",
    ),
    Spec(
        "heatwave-alerts",
        "Heatwave alerts",
        "org-alpha",
        ("Health", "heatwave"),
        ("PDF",),
        notes="Temperature alerts sent to clinics.",
        groups=("grp-green",),
    ),
    Spec(
        "water-quality-report",
        "Water quality report",
        "org-alpha",
        ("health", "water"),
        ("CSV", "PDF"),
        notes="Drinking water tests in Hà Nội and Vientiane.",
        license="odc-by",
        groups=("grp-green",),
        extras={"region": VIENTIANE},
    ),
    Spec(
        "ha-giang-clinics",
        "Phòng khám Hà Giang",
        "org-alpha",
        ("clinics", "health"),
        ("CSV",),
        notes="Clinics of Hà Giang province.",
        extras={"region": "Hà Giang"},
    ),
    Spec(
        "hanoi-air-quality",
        "Chất lượng không khí Hà Nội",
        "org-alpha",
        ("air", "health"),
        ("JSON",),
        notes="Sensor readings.",
        groups=("grp-green",),
        private=True,
    ),
    Spec(
        "hospital-budget",
        "Hospital budget 2024",
        "org-alpha",
        ("budget", "health"),
        ("XLSX",),
        notes="Internal planning figures.",
        groups=("grp-money",),
        private=True,
    ),
    Spec(
        "nutrition-survey",
        "Nutrition survey",
        "org-alpha",
        ("health", "nutrition"),
        ("CSV",),
        notes="Child nutrition survey.",
        state=DRAFT,
    ),
    Spec(
        "vaccination-list",
        "Obsolete vaccination list",
        "org-alpha",
        ("health", "vaccination"),
        ("PDF",),
        state=DELETED,
    ),
    Spec(
        "vaccination-coverage",
        "Vaccination coverage",
        "org-alpha",
        ("health", "vaccination"),
        ("CSV",),
        notes="Immunisation coverage by province.",
        dates=(_d("2021-04-01T12:00:00"), _d("2022-06-30T12:00:00")),
    ),
    # --- org-beta (transport): 7 public active, 2 private, 1 draft, 1 deleted
    Spec(
        "hanoi-roads",
        "Đường phố Hà Nội",
        "org-beta",
        ("roads", "transport", "đường bộ"),
        ("JSON", "CSV"),
        notes="Road network of the capital.",
        extras={"region": HANOI},
    ),
    Spec(
        "bus-routes",
        "Bus routes Vientiane",
        "org-beta",
        ("bus", "transport"),
        ("JSON",),
        notes="GTFS feed for city buses.",
        license="odc-by",
        extras={"region": VIENTIANE},
    ),
    Spec(
        "river-ports",
        "River ports on the Mekong",
        "org-beta",
        ("river", "transport", "water"),
        ("CSV",),
        notes="Water transport: ports and piers.",
        license="cc-zero",
        groups=("grp-money",),
    ),
    Spec(
        "traffic-accidents",
        "Traffic accidents 2023",
        "org-beta",
        ("public health", "roads", "transport"),
        ("XLSX", "PDF"),
        notes="Road accidents reported by hospitals.",
    ),
    Spec(
        "tourism-arrivals",
        "Tourism arrivals Luang Prabang",
        "org-beta",
        ("tourism", "transport"),
        ("XLSX",),
        notes="Visitors by month.",
        groups=("grp-money",),
        extras={"region": LUANG_PRABANG},
    ),
    Spec(
        "road-tenders",
        "Road tenders (internal)",
        "org-beta",
        ("budget", "roads"),
        ("PDF",),
        groups=("grp-money",),
        private=True,
    ),
    Spec(
        "hanoi-metro-plans", "Metro Hà Nội plans", "org-beta", ("metro", "transport"), ("PDF",), private=True
    ),
    Spec("parking-zones", "Parking zones", "org-beta", ("transport",), ("CSV",), state=DRAFT),
    Spec("ferry-schedule", "Ferry schedule", "org-beta", ("transport", "water"), ("CSV",), state=DELETED),
    Spec(
        "covid-travel",
        "COVID-19 travel restrictions",
        "org-beta",
        ("COVID-19", "health", "transport"),
        ("PDF",),
        notes="Border measures.",
        license="other-open",
    ),
    Spec(
        "airport-passengers",
        "Airport passengers",
        "org-beta",
        ("aviation", "transport"),
        ("CSV",),
        notes="Monthly passengers at Wattay.",
    ),
    # --- org-gamma (education, Lao titles): 6 public active, 1 private, 1 draft, 1 deleted
    Spec(
        "school-enrolment",
        "ຂໍ້ມູນການສຶກສາ ແຂວງວຽງຈັນ",
        "org-gamma",
        ("education", "schools"),
        ("XLSX", "CSV"),
        notes="School enrolment by district.",
        extras={"region": VIENTIANE},
    ),
    Spec("lao-teachers", "ຈຳນວນຄູສອນ", "org-gamma", ("education",), ("CSV",), notes="ຂໍ້ມູນຄູສອນທົ່ວປະເທດ"),
    Spec(
        "school-health",
        "ສຸຂະພາບນັກຮຽນ",
        "org-gamma",
        ("education", "health"),
        ("JSON",),
        notes="School health checks.",
        license="cc-zero",
        groups=("grp-green",),
    ),
    Spec(
        "university-graduates",
        "University graduates",
        "org-gamma",
        ("education",),
        ("PDF",),
        notes="Graduates by faculty.",
        license="odc-by",
    ),
    Spec(
        "literacy-rates",
        "Literacy rates by province",
        "org-gamma",
        ("education", "literacy"),
        ("XLSX",),
        notes="Adult literacy.",
        groups=("grp-money",),
        extras={"region": LUANG_PRABANG},
    ),
    Spec(
        "health-education-stats",
        "ສະຖິຕິສຸຂະພາບແລະການສຶກສາ",
        "org-gamma",
        ("education", "health"),
        ("CSV",),
        notes="Combined indicators.",
    ),
    Spec("exam-results", "ຜົນການສອບເສັງ", "org-gamma", ("education", "exams"), ("CSV",), private=True),
    Spec("curriculum", "Curriculum", "org-gamma", ("education",), ("PDF",), state=DRAFT),
    Spec(
        "old-school-list", "Old school list", "org-gamma", ("education", "schools"), ("CSV",), state=DELETED
    ),
    # --- org-delta (statistics): 15 public active, 1 private, 1 draft, 1 deleted
    Spec(
        "census-2015",
        "Census 2015",
        "org-delta",
        ("census", "population"),
        ("CSV",),
        notes="Population and housing census.",
        dates=(_d("2016-02-10T12:00:00"), _d("2017-08-20T12:00:00")),
    ),
    Spec(
        "census-2005",
        "census 2005 archive",
        "org-delta",
        ("census",),
        ("PDF",),
        notes="Scanned tables.",
        license="notspecified",
        dates=(_d("2006-03-01T12:00:00"), _d("2010-05-05T12:00:00")),
    ),
    Spec(
        "dieu-tra-dan-so",
        "Điều tra dân số 2019",
        "org-delta",
        ("census", "population"),
        ("XLSX",),
        notes="Kết quả điều tra dân số.",
        extras={"region": HANOI},
        dates=(_d("2019-09-09T12:00:00"), _d("2020-01-20T00:00:00")),
    ),
    Spec(
        "zebra-crossings",
        "Zebra crossing counts",
        "org-delta",
        ("roads",),
        ("CSV",),
        notes="Pedestrian counts.",
    ),
    Spec(
        "agriculture-census",
        "agriculture census 2020",
        "org-delta",
        ("agriculture", "census"),
        ("CSV", "XLSX"),
        notes="Farm holdings.",
        groups=("grp-green", "grp-money"),
    ),
    Spec(
        "gdp-quarterly",
        "GDP quarterly",
        "org-delta",
        ("economy", "gdp"),
        ("XLSX",),
        notes="National accounts.",
        groups=("grp-money",),
    ),
    Spec(
        "consumer-prices",
        "Consumer price index",
        "org-delta",
        ("economy", "prices"),
        ("CSV",),
        notes="Monthly prices.",
        license="odc-by",
        groups=("grp-money",),
    ),
    Spec(
        "rice-production",
        "Rice production",
        "org-delta",
        ("agriculture",),
        ("CSV",),
        notes="Paddy output by province.",
        groups=("grp-green",),
    ),
    Spec(
        "forest-cover",
        "Forest cover",
        "org-delta",
        ("environment", "forest"),
        ("JSON",),
        notes="Satellite estimates.",
        license="cc-zero",
        groups=("grp-green",),
    ),
    Spec(
        "rainfall-stations",
        "Rainfall stations",
        "org-delta",
        ("climate", "water"),
        ("CSV",),
        notes="Daily rainfall, river levels and water quality.",
        groups=("grp-green",),
    ),
    Spec(
        "household-survey",
        "Household survey 2018",
        "org-delta",
        ("population", "survey"),
        ("XLSX", "PDF"),
        notes="Living standards.",
        license="odc-by",
        dates=(_d("2019-01-15T12:00:00"), _d("2019-02-01T00:00:00")),
    ),
    Spec(
        "labour-force",
        "Labour force survey",
        "org-delta",
        ("economy", "survey"),
        ("XLSX",),
        notes="Employment.",
        groups=("grp-money",),
    ),
    Spec(
        "mining-output",
        "Mining output",
        "org-delta",
        ("economy", "mining"),
        ("XLSX",),
        notes="Ore production.",
    ),
    Spec(
        "electricity",
        "Electricity consumption",
        "org-delta",
        ("energy",),
        ("CSV",),
        notes="Power use by sector.",
    ),
    Spec(
        "internet-subscribers",
        "Internet subscribers",
        "org-delta",
        ("telecom",),
        ("JSON",),
        notes="Broadband lines.",
    ),
    Spec(
        "census-microdata", "Census microdata (restricted)", "org-delta", ("census",), ("CSV",), private=True
    ),
    Spec("trade-statistics", "Trade statistics", "org-delta", ("economy", "trade"), ("XLSX",), state=DRAFT),
    Spec(
        "deprecated-indicators", "Deprecated indicators", "org-delta", ("economy",), ("CSV",), state=DELETED
    ),
)

SPECS = {s.name: s for s in DATASETS}
PUBLIC_ACTIVE = frozenset(s.name for s in DATASETS if s.state == ACTIVE and not s.private)
PRIVATE = frozenset(s.name for s in DATASETS if s.private)
DRAFTS = frozenset(s.name for s in DATASETS if s.state == DRAFT)
DELETED_NAMES = frozenset(s.name for s in DATASETS if s.state == DELETED)
OLD = frozenset(s.name for s in DATASETS if s.dates)

assert len(DATASETS) == 50 and len(SPECS) == 50
assert len(PUBLIC_ACTIVE) == 36 and len(PRIVATE) == 6 and len(DRAFTS) == 4 and len(DELETED_NAMES) == 4


@dataclass
class Corpus:
    ids: dict[str, str]  # dataset name -> id
    orgs: dict[str, str]  # organization name -> id
    groups: dict[str, str]  # group name -> id
    users: dict[str, dict[str, Any]]  # user name -> user dict (with "token" for API/web use)


def _resources(spec: Spec) -> list[dict[str, Any]]:
    return [
        {"url": f"http://files.example.org/{spec.name}/{i}", "format": fmt, "name": f"Resource {i}"}
        for i, fmt in enumerate(spec.formats, start=1)
    ]


def build_corpus() -> Corpus:
    """Create users, organizations, groups and the 50 datasets of ``DATASETS``.

    Expects an empty database and index and loaded plugins.
    """
    site_user = helpers.call_action("get_site_user")["name"]
    users = {SYSADMIN: factories.Sysadmin(name=SYSADMIN)}
    for name in (ALPHA_EDITOR, ALPHA_MEMBER, BETA_EDITOR, PLAIN_USER):
        users[name] = factories.User(name=name)
    for name, user in users.items():
        user["token"] = factories.APIToken(user=name)["token"]

    members = {
        "org-alpha": [
            {"name": ALPHA_EDITOR, "capacity": "editor"},
            {"name": ALPHA_MEMBER, "capacity": "member"},
        ],
        "org-beta": [{"name": BETA_EDITOR, "capacity": "editor"}],
    }
    orgs = {
        name: factories.Organization(name=name, title=title, users=members.get(name, []))["id"]
        for name, title in ORGS.items()
    }
    groups = {name: factories.Group(name=name, title=title)["id"] for name, title in GROUPS.items()}

    ids: dict[str, str] = {}
    old_setting = tk.config.get("ckan.search.remove_deleted_packages")
    tk.config["ckan.search.remove_deleted_packages"] = False
    try:
        for spec in DATASETS:
            data: dict[str, Any] = dict(
                name=spec.name,
                title=spec.title,
                notes=spec.notes,
                owner_org=orgs[spec.org],
                private=True,  # a draft; the public ones are published by the workflow below
                license_id=spec.license,
                tags=[{"name": t} for t in spec.tags],
                groups=[{"name": g} for g in spec.groups],
                resources=_resources(spec),
                extras=[{"key": k, "value": v} for k, v in spec.extras.items()],
            )
            if spec.state == DRAFT and spec.private:
                data["state"] = DRAFT
            if not spec.private:  # public means published, through the publication gate
                data.update(PUBLISHABLE)
            pkg = helpers.call_action("package_create", context=site_context(), **data)
            if not spec.private:
                move_to(pkg["id"], "published")
                if spec.state == DRAFT:  # a published dataset taken back to CKAN's draft state
                    pkg = helpers.call_action(
                        "package_patch", context=site_context(), id=pkg["id"], state=DRAFT
                    )
            assert pkg["state"] == (DRAFT if spec.state == DRAFT else ACTIVE), spec.name
            ids[spec.name] = pkg["id"]
            if spec.state == DELETED:
                helpers.call_action("package_delete", context={"user": site_user}, id=pkg["id"])

        # Old datasets: dates set in the database (as a harvester or a
        # migration would), then re-indexed the way CKAN does it.
        for spec in DATASETS:
            if spec.dates:
                model.Session.execute(
                    sa.text(
                        "UPDATE package SET metadata_created = :c, metadata_modified = :m WHERE id = :id"
                    ),
                    {"c": spec.dates[0], "m": spec.dates[1], "id": ids[spec.name]},
                )
        model.Session.commit()
        model.Session.expire_all()
        for spec in DATASETS:
            if spec.dates:
                search.rebuild(package_id=ids[spec.name])
    finally:
        tk.config["ckan.search.remove_deleted_packages"] = old_setting
    return Corpus(ids=ids, orgs=orgs, groups=groups, users=users)


def reset_everything(reset_db: Any, migrate_db_for: Any, reset_index: Any) -> None:
    """What the project's function-scoped ``clean_db`` does, callable from a
    module-scoped fixture (the three CKAN fixtures used are session-scoped)."""
    reset_db()
    migrate_db_for("activity")
    migrate_db_for("laodata")
    reset_index()


@pytest.fixture(scope="module")
def corpus(reset_db: Any, migrate_db_for: Any, reset_index: Any) -> Iterator[Corpus]:
    """The corpus, built once for the module that imports this fixture.

    It also plays the part of ``with_plugins`` for the whole module: the
    plugins of ``ckan.plugins`` stay loaded until the module ends. (Loading
    and unloading them around each of ~150 read-only tests, as the
    function-scoped ``with_plugins`` does, costs ~0.25 s a test.)

    Tests using it must not use ``clean_db`` or ``with_plugins`` (the first
    wipes the corpus, the second unloads the plugins after the test) and
    must not change the data.
    """
    p.load_all()
    try:
        reset_everything(reset_db, migrate_db_for, reset_index)
        built = build_corpus()
        yield built
    finally:
        p.unload_all()


# Tag counts of the corpus's 36 public active datasets.
PUBLIC_TAG_COUNTS = {
    "health": 9,
    "transport": 7,
    "education": 6,
    "census": 4,
    "economy": 4,
    "population": 3,
    "roads": 3,
    "water": 3,
    "agriculture": 2,
    "public health": 2,
    "survey": 2,
    "COVID-19": 1,
    "Health": 1,
    "aviation": 1,
    "bus": 1,
    "climate": 1,
    "clinics": 1,
    "energy": 1,
    "environment": 1,
    "forest": 1,
    "gdp": 1,
    "healthcare": 1,
    "heatwave": 1,
    "hospitals": 1,
    "literacy": 1,
    "malaria": 1,
    "mining": 1,
    "prices": 1,
    "river": 1,
    "schools": 1,
    "telecom": 1,
    "tourism": 1,
    "vaccination": 1,
    "đường bộ": 1,
}
