"""The reference province of DESIGN §8, as plain data.

18 units (the provincial police, which coordinates, and 17 provincial
departments), 329 catalog entries, 310 of them delivered, 12 units complete,
19 entries outstanding in the other 6 units: 14 held in a ministry's vertical
system (connection requested, not yet connected) and 5 too large to deliver
yet. Everything here is pure and deterministic (seeded random numbers), so
tests can check the figures without a database; ``load.py`` writes it through
CKAN's actions.
"""

from __future__ import annotations

import csv
import datetime
import functools
import io
import random
import re
from dataclasses import dataclass, field
from typing import Any

from ..access.classes import class_errors, metadata_only
from ..catalog.fields import COLUMNS

SEED = 20260329

CATALOG_COLUMNS = COLUMNS  # the import file's columns (catalog/fields.py)
# The extras every demo dataset carries (DESIGN §3).
DATASET_EXTRAS = (
    "catalog_code",
    "workflow_status",
    "sector",
    "update_frequency",
    "access_level",
    "security_level",
    "importance",
    "personal_data",
    "state_secret",
    "source_system",
)

# Class profiles: (access_level, security_level, importance, personal_data, state_secret).
CLASSES: dict[str, tuple[str, str, str, str, bool]] = {
    "O": ("open", "1", "other", "none", False),
    "O2": ("open", "2", "important", "none", False),
    "S": ("shared", "2", "core", "none", False),
    "S3": ("shared", "3", "important", "none", False),
    "B": ("shared", "3", "important", "basic", False),
    "BP": ("private", "3", "core", "basic", False),
    "X": ("private", "3", "core", "sensitive", False),
    "X4": ("private", "4", "core", "sensitive", False),
    "M4": ("private", "4", "core", "none", False),
    "M5": ("private", "5", "core", "none", False),
    "K4": ("private", "4", "core", "none", True),
    "K5": ("private", "5", "core", "none", True),
}
AGGREGATE_CLASSES = ("O", "O2", "S", "S3")
TIME_FIELDS = ("date", "month", "week", "quarter", "semester", "timestamp", "hour")
STALE_FREQUENCIES = {"daily": 2, "weekly": 10, "monthly": 35, "quarterly": 100}  # max age, days

CONNECTION_LEGAL_BASIS = (
    "Law on Electronic Data Protection No. 25/NA (2017); Law on Data No. 60/2024/QH15; "
    "request No. {n}/{unit}/{year} of the provincial data office"
)
ENTRY_LEGAL_BASIS = "Provincial data catalogue 2026 (Governor's decision), annex item {code}"


@dataclass(frozen=True)
class Unit:
    name: str
    code: str
    title_en: str
    title_lo: str
    title_vi: str
    sector: str
    size: int
    system: str | None = None  # the ministry's vertical system some of its data lives in
    api: str | None = None  # base URL of that system's API
    vertical_pending: int = 0  # entries still waiting for the connection
    large_pending: int = 0  # entries too large to deliver yet

    @property
    def title(self) -> str:
        """The unit's main name (its English one); pages show ``title_lo``/``title_vi``/``title_en``
        in the reader's language."""
        return self.title_en

    @property
    def unit_type(self) -> str:
        if self.code in ("POL", "TAX", "CUS"):
            return "central_branch"  # provincial branches of the public security and finance ministries
        return "agency" if self.code == "STA" else "department"

    @property
    def parent_body(self) -> str:
        return {
            "POL": "Ministry of Public Security",
            "TAX": "Ministry of Finance",
            "CUS": "Ministry of Finance",
        }.get(self.code, "Provincial People's Committee")

    def organization_fields(self) -> dict[str, str]:
        """The unit's fields of the organization schema (schemas/organization.yaml)."""
        return {
            "name": self.name,
            "title": self.title,
            "title_lo": self.title_lo,
            "title_vi": self.title_vi,
            "title_en": self.title_en,
            "description": self.description,
            "unit_code": self.code,
            "unit_type": self.unit_type,
            "parent_body": self.parent_body,
            "contact_email": f"data.{self.code.lower()}@province.example",
        }

    @property
    def description(self) -> str:
        coordinating = " It coordinates the provincial data catalogue." if self.code == "POL" else ""
        return f"{self.title_en}.{coordinating}\n\n{self.title_lo}\n\n{self.title_vi}"


@dataclass(frozen=True)
class Topic:
    en: str
    lo: str
    vi: str
    fields: tuple[str, ...]  # "name:type"
    cls: str
    freq: str
    sector: str | None = None
    vertical: bool = False  # held in the unit's ministry system
    big: bool = False  # a candidate for "large volume"


@dataclass(frozen=True)
class ResourcePlan:
    name: str
    format: str  # CSV, XLSX or API
    description: str
    url: str = ""  # API links only

    @property
    def upload(self) -> bool:
        return self.format in ("CSV", "XLSX")


@dataclass(frozen=True)
class DatasetPlan:
    name: str
    title: str
    notes: str
    notes_lo: str
    notes_vi: str
    workflow_status: str
    private: bool
    license_id: str
    tags: tuple[str, ...]
    groups: tuple[str, ...]
    resources: tuple[ResourcePlan, ...]
    stale_days: int | None = None  # set metadata_modified this many days back
    issues: bool = False  # its file has empty mandatory cells: "delivered with issues"


@dataclass(frozen=True)
class Entry:
    code: str
    title: str
    title_lo: str
    title_vi: str
    title_en: str
    unit: str
    sector: str
    update_frequency: str
    access_level: str
    security_level: str
    importance: str
    personal_data: str
    state_secret: bool
    source_system: str
    required_fields: str
    due_date: str
    legal_basis: str
    notes: str
    connection_status: str = "not_requested"
    connection_requested: str = ""
    connection_legal_basis: str = ""
    delay_reason: str | None = None
    delay_note: str = ""
    delivered: bool = False
    dataset: DatasetPlan | None = None
    fields: tuple[str, ...] = field(default=(), repr=False)

    @property
    def metadata_only(self) -> bool:
        return metadata_only(self.security_level, self.state_secret)

    def classes(self) -> dict[str, Any]:
        return {
            "access_level": self.access_level,
            "security_level": self.security_level,
            "importance": self.importance,
            "personal_data": self.personal_data,
            "state_secret": self.state_secret,
        }

    def catalog_row(self) -> dict[str, str]:
        row = {name: getattr(self, name) for name in CATALOG_COLUMNS}
        row["state_secret"] = "true" if self.state_secret else "false"
        return {k: str(v) for k, v in row.items()}

    def dataset_fields(self) -> dict[str, str]:
        """The catalog fields of the dataset schema this entry's dataset carries
        (its ``workflow_status`` is set through the workflow's context key)."""
        assert self.dataset is not None
        return {
            "catalog_code": self.code,
            "title_lo": self.title_lo,
            "title_vi": self.title_vi,
            "title_en": self.title_en,
            "sector": self.sector,
            "update_frequency": self.update_frequency,
            "access_level": self.access_level,
            "security_level": self.security_level,
            "importance": self.importance,
            "personal_data": self.personal_data,
            "state_secret": "true" if self.state_secret else "false",
            "source_system": self.source_system,
        }


def publishable(entry: Entry) -> bool:
    """The publication gate's conditions on the classes (DESIGN §5)."""
    return (
        entry.access_level == "open"
        and entry.security_level in ("1", "2")
        and entry.importance != "core"
        and entry.personal_data == "none"
        and not entry.state_secret
    )


def _t(
    en: str, lo: str, vi: str, fields: str, cls: str, freq: str, flags: str = "", sector: str | None = None
) -> Topic:
    specs = tuple(f if ":" in f else f"{f}:string" for f in fields.split(";"))
    return Topic(en, lo, vi, specs, cls, freq, sector, "v" in flags, "b" in flags)


# --- units ------------------------------------------------------------------------------------

UNITS: tuple[Unit, ...] = (
    Unit(
        "provincial-police",
        "POL",
        "Provincial Police",
        "ກອງບັນຊາການປ້ອງກັນຄວາມສະຫງົບແຂວງ",
        "Công an tỉnh",
        "public_security",
        30,
        "National population database (Ministry of Public Security)",
        "https://population.mps.gov.la/api/v1",
    ),
    Unit(
        "department-of-health",
        "HEA",
        "Department of Health",
        "ພະແນກສາທາລະນະສຸກແຂວງ",
        "Sở Y tế",
        "health",
        26,
        "DHIS2 health information system (Ministry of Health)",
        "https://hmis.moh.gov.la/api",
        vertical_pending=3,
        large_pending=1,
    ),
    Unit(
        "department-of-education",
        "EDU",
        "Department of Education and Sports",
        "ພະແນກສຶກສາທິການ ແລະ ກິລາແຂວງ",
        "Sở Giáo dục và Đào tạo",
        "education",
        24,
        "EMIS education management information system (Ministry of Education and Sports)",
        "https://emis.moes.gov.la/api",
        vertical_pending=3,
        large_pending=1,
    ),
    Unit(
        "department-of-justice",
        "JUS",
        "Department of Justice",
        "ພະແນກຍຸຕິທຳແຂວງ",
        "Sở Tư pháp",
        "justice",
        22,
        "Civil status registration system (Ministry of Justice)",
        "https://civilstatus.moj.gov.la/api",
        vertical_pending=3,
    ),
    Unit(
        "department-of-finance",
        "FIN",
        "Department of Finance",
        "ພະແນກການເງິນແຂວງ",
        "Sở Tài chính",
        "finance",
        18,
        "Government financial information system (Ministry of Finance)",
        "https://gfis.mof.gov.la/api",
    ),
    Unit(
        "department-of-agriculture",
        "AGR",
        "Department of Agriculture and Environment",
        "ພະແນກກະສິກຳ ແລະ ສິ່ງແວດລ້ອມແຂວງ",
        "Sở Nông nghiệp và Môi trường",
        "agriculture_environment",
        24,
    ),
    Unit(
        "department-of-transport",
        "TRA",
        "Department of Public Works and Transport",
        "ພະແນກໂຍທາທິການ ແລະ ຂົນສົ່ງແຂວງ",
        "Sở Giao thông vận tải",
        "transport",
        18,
        "Road asset management system (Ministry of Public Works and Transport)",
        "https://rams.mpwt.gov.la/api",
    ),
    Unit(
        "department-of-labour-social-affairs",
        "LAB",
        "Department of Labour and Social Welfare",
        "ພະແນກແຮງງານ ແລະ ສະຫວັດດີການສັງຄົມແຂວງ",
        "Sở Lao động và Xã hội",
        "labour_social_affairs",
        18,
        "Social security database (Ministry of Labour and Social Welfare)",
        "https://sso.mlsw.gov.la/api",
    ),
    Unit(
        "department-of-culture-tourism",
        "CUL",
        "Department of Information, Culture and Tourism",
        "ພະແນກຖະແຫຼງຂ່າວ, ວັດທະນະທຳ ແລະ ທ່ອງທ່ຽວແຂວງ",
        "Sở Văn hóa, Thể thao và Du lịch",
        "culture_tourism",
        16,
    ),
    Unit(
        "department-of-industry-trade",
        "IND",
        "Department of Industry and Commerce",
        "ພະແນກອຸດສາຫະກຳ ແລະ ການຄ້າແຂວງ",
        "Sở Công Thương",
        "industry_trade",
        16,
        "Enterprise registration system (Ministry of Industry and Commerce)",
        "https://ers.moic.gov.la/api",
    ),
    Unit(
        "department-of-home-affairs",
        "HOM",
        "Department of Home Affairs",
        "ພະແນກພາຍໃນແຂວງ",
        "Sở Nội vụ",
        "home_affairs",
        16,
        "Civil servant management database (Ministry of Home Affairs)",
        "https://pmis.moha.gov.la/api",
    ),
    Unit(
        "department-of-planning-investment",
        "PLA",
        "Department of Planning and Investment",
        "ພະແນກແຜນການ ແລະ ການລົງທຶນແຂວງ",
        "Sở Kế hoạch và Đầu tư",
        "planning_investment",
        16,
    ),
    Unit(
        "department-of-construction",
        "CON",
        "Department of Construction",
        "ພະແນກກໍ່ສ້າງແຂວງ",
        "Sở Xây dựng",
        "construction",
        14,
    ),
    Unit(
        "department-of-information-communications",
        "ICT",
        "Department of Technology and Communications",
        "ພະແນກເຕັກໂນໂລຊີ ແລະ ການສື່ສານແຂວງ",
        "Sở Thông tin và Truyền thông",
        "information_communications",
        12,
    ),
    Unit(
        "department-of-natural-resources",
        "NAT",
        "Department of Natural Resources",
        "ພະແນກຊັບພະຍາກອນທຳມະຊາດແຂວງ",
        "Sở Tài nguyên thiên nhiên",
        "natural_resources",
        18,
        "National land information system (Ministry of Natural Resources and Environment)",
        "https://lis.monre.gov.la/api",
        vertical_pending=1,
        large_pending=2,
    ),
    Unit(
        "provincial-tax-department",
        "TAX",
        "Provincial Tax Department",
        "ພະແນກສ່ວຍສາອາກອນແຂວງ",
        "Thuế tỉnh",
        "finance",
        14,
        "TaxRIS tax revenue information system (Tax Department, Ministry of Finance)",
        "https://taxris.mof.gov.la/api",
        vertical_pending=2,
    ),
    Unit(
        "provincial-customs-department",
        "CUS",
        "Provincial Customs Department",
        "ພະແນກພາສີແຂວງ",
        "Hải quan tỉnh",
        "finance",
        12,
        "ASYCUDA World customs system (Customs Department, Ministry of Finance)",
        "https://asycuda.customs.gov.la/api",
        vertical_pending=2,
        large_pending=1,
    ),
    Unit(
        "provincial-statistics-office",
        "STA",
        "Provincial Statistics Office",
        "ສູນສະຖິຕິແຂວງ",
        "Thống kê tỉnh",
        "planning_investment",
        15,
    ),
)

# --- topics per unit --------------------------------------------------------------------------

TOPICS: dict[str, tuple[Topic, ...]] = {
    "POL": (
        _t(
            "Road traffic accidents",
            "ອຸບັດຕິເຫດທາງຖະໜົນ",
            "Tai nạn giao thông đường bộ",
            "date:date;district;accidents:integer;injuries:integer;deaths:integer",
            "O2",
            "monthly",
            sector="transport",
        ),
        _t(
            "Traffic violations handled",
            "ການລະເມີດກົດຈະລາຈອນທີ່ໄດ້ແກ້ໄຂ",
            "Vi phạm trật tự giao thông đã xử lý",
            "month;district;violations:integer;fines_kip:number",
            "O",
            "monthly",
            sector="transport",
        ),
        _t(
            "Vehicle registrations",
            "ການຈົດທະບຽນຍານພາຫະນະ",
            "Đăng ký phương tiện giao thông",
            "month;vehicle_type;registrations:integer",
            "O",
            "monthly",
            sector="transport",
        ),
        _t(
            "Driving licences issued",
            "ໃບຂັບຂີ່ທີ່ອອກໃຫ້",
            "Giấy phép lái xe đã cấp",
            "month;licence_class;issued:integer",
            "O",
            "monthly",
        ),
        _t(
            "Fire incidents",
            "ເຫດການອັກຄີໄພ",
            "Vụ cháy, nổ",
            "date:date;district;cause;damage_kip:number",
            "O2",
            "monthly",
        ),
        _t(
            "Criminal offences reported",
            "ການກະທຳຜິດທາງອາຍາທີ່ໄດ້ຮັບແຈ້ງ",
            "Tội phạm hình sự được tiếp nhận",
            "month;district;offence_type;cases:integer",
            "S3",
            "monthly",
        ),
        _t(
            "Drug-related cases",
            "ຄະດີກ່ຽວກັບຢາເສບຕິດ",
            "Vụ án liên quan đến ma túy",
            "month;district;cases:integer;suspects:integer",
            "S3",
            "monthly",
        ),
        _t(
            "Register of residents (family books)",
            "ທະບຽນສຳມະໂນຄົວ",
            "Cơ sở dữ liệu cư trú (sổ hộ khẩu)",
            "record_id;full_name;date_of_birth:date;village;district",
            "B",
            "daily",
            "v",
        ),
        _t(
            "Identity cards issued",
            "ບັດປະຈຳຕົວທີ່ອອກໃຫ້",
            "Thẻ căn cước đã cấp",
            "month;district;issued:integer",
            "S",
            "monthly",
            "v",
        ),
        _t(
            "Foreign residents registered",
            "ຄົນຕ່າງປະເທດທີ່ຈົດທະບຽນພັກເຊົາ",
            "Người nước ngoài đăng ký tạm trú",
            "record_id;nationality;district;arrival_date:date",
            "B",
            "weekly",
        ),
        _t(
            "Border crossings",
            "ການເຂົ້າ-ອອກດ່ານຊາຍແດນ",
            "Lượt xuất nhập cảnh qua cửa khẩu",
            "date:date;checkpoint;entries:integer;exits:integer",
            "S3",
            "daily",
        ),
        _t(
            "Missing persons reports",
            "ການແຈ້ງຄົນເສຍ",
            "Tin báo người mất tích",
            "record_id;date:date;district;status",
            "X",
            "irregular",
        ),
        _t(
            "Firearms licences",
            "ໃບອະນຸຍາດອາວຸດ",
            "Giấy phép sử dụng vũ khí",
            "licence_no;holder;weapon_type;valid_until:date",
            "K4",
            "irregular",
        ),
        _t(
            "Security situation log",
            "ບັນທຶກສະຖານະການຄວາມສະຫງົບ",
            "Nhật ký tình hình an ninh trật tự",
            "date:date;district;incident;assessment",
            "K5",
            "daily",
        ),
        _t(
            "Police posts",
            "ປ້ອມຕຳຫຼວດ",
            "Trụ sở công an xã, phường",
            "post;district;latitude:number;longitude:number;phone",
            "O",
            "irregular",
        ),
        _t(
            "Emergency calls (1191)",
            "ການໂທສຸກເສີນ (1191)",
            "Cuộc gọi khẩn cấp (1191)",
            "timestamp;call_type;calls:integer",
            "O2",
            "continuous",
        ),
        _t(
            "Wanted persons",
            "ລາຍຊື່ຜູ້ຖືກຕິດຕາມຈັບກຸມ",
            "Danh sách đối tượng truy nã",
            "record_id;full_name;offence_type;since:date",
            "X4",
            "weekly",
        ),
        _t(
            "Lost and found property",
            "ຊັບສິນທີ່ເສຍ ແລະ ເກັບໄດ້",
            "Tài sản thất lạc",
            "date:date;district;item;status",
            "O",
            "weekly",
        ),
        _t(
            "Village security volunteers",
            "ໜ່ວຍປ້ອງກັນຄວາມສະຫງົບບ້ານ",
            "Lực lượng bảo vệ an ninh cơ sở",
            "village;district;members:integer",
            "S",
            "annual",
        ),
        _t(
            "Protection plans for key sites",
            "ແຜນປົກປັກຮັກສາເປົ້າໝາຍສຳຄັນ",
            "Phương án bảo vệ mục tiêu trọng điểm",
            "site;protection_plan;approved:date",
            "K5",
            "not_planned",
        ),
    ),
    "HEA": (
        _t(
            "Health facilities",
            "ສະຖານທີ່ບໍລິການສາທາລະນະສຸກ",
            "Cơ sở khám chữa bệnh",
            "facility;facility_type;district;beds:integer;latitude:number;longitude:number",
            "O",
            "annual",
        ),
        _t(
            "Hospital admissions",
            "ຄົນເຈັບທີ່ເຂົ້ານອນໂຮງໝໍ",
            "Số lượt nhập viện",
            "month;facility;admissions:integer",
            "O2",
            "monthly",
            "v",
        ),
        _t(
            "Outpatient visits",
            "ການມາກວດແບບຄົນເຈັບນອກ",
            "Lượt khám ngoại trú",
            "month;facility;visits:integer",
            "O2",
            "monthly",
            "v",
        ),
        _t(
            "Childhood vaccination coverage",
            "ອັດຕາການສັກຢາກັນພະຍາດໃຫ້ເດັກ",
            "Tỷ lệ tiêm chủng trẻ em",
            "quarter;district;vaccine;coverage_percent:number",
            "O2",
            "quarterly",
            "v",
        ),
        _t(
            "Notifiable disease cases",
            "ກໍລະນີພະຍາດຕິດຕໍ່ທີ່ຕ້ອງລາຍງານ",
            "Ca bệnh truyền nhiễm phải báo cáo",
            "week;district;disease;cases:integer",
            "S",
            "weekly",
            "v",
        ),
        _t(
            "Dengue fever cases",
            "ກໍລະນີໄຂ້ເລືອດອອກ",
            "Ca sốt xuất huyết",
            "week;district;cases:integer;deaths:integer",
            "O2",
            "weekly",
            "v",
        ),
        _t(
            "Malaria cases",
            "ກໍລະນີໄຂ້ມາເລເຣຍ",
            "Ca sốt rét",
            "month;district;cases:integer",
            "O",
            "monthly",
            "v",
        ),
        _t(
            "Births in health facilities",
            "ການເກີດລູກຢູ່ສະຖານທີ່ບໍລິການສາທາລະນະສຸກ",
            "Ca sinh tại cơ sở y tế",
            "month;facility;births:integer",
            "O",
            "monthly",
            "v",
        ),
        _t(
            "Maternal and child health",
            "ສຸຂະພາບແມ່ ແລະ ເດັກ",
            "Sức khỏe bà mẹ và trẻ em",
            "quarter;district;antenatal_visits:integer;skilled_births_percent:number",
            "O2",
            "quarterly",
        ),
        _t(
            "Health workforce",
            "ບຸກຄະລາກອນສາທາລະນະສຸກ",
            "Nhân lực y tế",
            "facility;doctors:integer;nurses:integer;midwives:integer",
            "S",
            "semiannual",
        ),
        _t(
            "Licensed pharmacies",
            "ຮ້ານຂາຍຢາທີ່ໄດ້ຮັບອະນຸຍາດ",
            "Nhà thuốc được cấp phép",
            "pharmacy;district;licence_no;valid_until:date",
            "O",
            "irregular",
        ),
        _t(
            "Essential medicines stock",
            "ສາງຢາທີ່ຈຳເປັນ",
            "Tồn kho thuốc thiết yếu",
            "month;facility;medicine;stock_units:integer",
            "S3",
            "monthly",
        ),
        _t(
            "Child nutrition survey",
            "ການສຳຫຼວດໂພຊະນາການຂອງເດັກ",
            "Khảo sát dinh dưỡng trẻ em",
            "district;stunting_percent:number;wasting_percent:number",
            "O",
            "not_planned",
        ),
        _t(
            "Food safety inspections",
            "ການກວດກາຄວາມປອດໄພຂອງອາຫານ",
            "Thanh tra an toàn thực phẩm",
            "date:date;establishment;district;result",
            "O2",
            "monthly",
        ),
        _t(
            "Tuberculosis patients register",
            "ທະບຽນຄົນເຈັບວັນນະໂລກ",
            "Sổ đăng ký bệnh nhân lao",
            "record_id;sex;age:integer;district;treatment_start:date",
            "X",
            "monthly",
            "v",
        ),
        _t(
            "HIV testing and treatment",
            "ການກວດ ແລະ ປິ່ນປົວເອັສໄອວີ",
            "Xét nghiệm và điều trị HIV",
            "record_id;sex;age:integer;regimen;start_date:date",
            "X4",
            "quarterly",
        ),
        _t(
            "Electronic medical records of the provincial hospital",
            "ບັນທຶກການແພດເອເລັກໂຕຣນິກຂອງໂຮງໝໍແຂວງ",
            "Hồ sơ bệnh án điện tử của bệnh viện tỉnh",
            "record_id;admission_date:date;diagnosis_code;discharge_date:date",
            "X",
            "daily",
            "b",
        ),
        _t(
            "Health insurance members",
            "ສະມາຊິກປະກັນສຸຂະພາບ",
            "Người tham gia bảo hiểm y tế",
            "record_id;full_name;district;insurance_scheme",
            "B",
            "monthly",
            "v",
        ),
        _t(
            "Ambulance dispatches",
            "ການອອກລົດໂຮງໝໍສຸກເສີນ",
            "Lượt điều động xe cứu thương",
            "date:date;district;dispatches:integer;response_minutes:number",
            "O",
            "daily",
        ),
        _t(
            "Medical imaging archive",
            "ຄັງຮູບພາບທາງການແພດ",
            "Kho lưu trữ hình ảnh y tế",
            "study_id;modality;study_date:date;facility",
            "X",
            "irregular",
            "b",
        ),
    ),
    "EDU": (
        _t(
            "Schools",
            "ໂຮງຮຽນ",
            "Trường học",
            "school;level;district;latitude:number;longitude:number",
            "O",
            "annual",
        ),
        _t(
            "Student enrolment",
            "ການເຂົ້າຮຽນຂອງນັກຮຽນ",
            "Số học sinh nhập học",
            "year:integer;school;level;girls:integer;boys:integer",
            "O",
            "annual",
            "v",
        ),
        _t(
            "Teachers",
            "ຄູສອນ",
            "Giáo viên",
            "year:integer;school;teachers:integer;female_teachers:integer",
            "O2",
            "annual",
            "v",
        ),
        _t(
            "Lower secondary examination results",
            "ຜົນການສອບເສັງມັດທະຍົມຕອນຕົ້ນ",
            "Kết quả thi tốt nghiệp THCS",
            "year:integer;school;candidates:integer;passed:integer",
            "O2",
            "annual",
            "v",
        ),
        _t(
            "Upper secondary examination results",
            "ຜົນການສອບເສັງມັດທະຍົມຕອນປາຍ",
            "Kết quả thi tốt nghiệp THPT",
            "year:integer;school;candidates:integer;passed:integer",
            "O2",
            "annual",
            "v",
        ),
        _t(
            "Dropout rates",
            "ອັດຕາການປະລະການຮຽນ",
            "Tỷ lệ học sinh bỏ học",
            "year:integer;district;level;dropout_percent:number",
            "O",
            "annual",
            "v",
        ),
        _t(
            "Kindergartens and pre-schools",
            "ອະນຸບານ ແລະ ກ່ອນໄວຮຽນ",
            "Trường mầm non",
            "school;district;children:integer",
            "O",
            "annual",
        ),
        _t(
            "School meals programme",
            "ໂຄງການອາຫານໂຮງຮຽນ",
            "Chương trình bữa ăn học đường",
            "semester;school;students_served:integer",
            "O",
            "semiannual",
        ),
        _t(
            "Vocational training enrolment",
            "ການເຂົ້າຮຽນວິຊາຊີບ",
            "Tuyển sinh giáo dục nghề nghiệp",
            "year:integer;college;programme;students:integer",
            "O",
            "annual",
        ),
        _t(
            "Scholarships awarded",
            "ທຶນການສຶກສາທີ່ມອບໃຫ້",
            "Học bổng đã cấp",
            "year:integer;full_name;school;amount_kip:number",
            "B",
            "annual",
        ),
        _t(
            "School infrastructure condition",
            "ສະພາບພື້ນຖານໂຄງລ່າງໂຮງຮຽນ",
            "Hiện trạng cơ sở vật chất trường học",
            "school;classrooms:integer;toilets:integer;condition",
            "O",
            "annual",
        ),
        _t(
            "Adult literacy classes",
            "ຫ້ອງຮຽນການຮູ້ໜັງສືຂອງຜູ້ໃຫຍ່",
            "Lớp xóa mù chữ cho người lớn",
            "village;district;learners:integer",
            "O",
            "irregular",
        ),
        _t(
            "Student records",
            "ບັນທຶກນັກຮຽນ",
            "Hồ sơ học sinh",
            "record_id;full_name;date_of_birth:date;school;grade",
            "B",
            "monthly",
            "b",
        ),
        _t(
            "Education budget execution",
            "ການປະຕິບັດງົບປະມານການສຶກສາ",
            "Thực hiện ngân sách giáo dục",
            "quarter;budget_programme;planned_kip:number;spent_kip:number",
            "S",
            "quarterly",
        ),
        _t(
            "Textbook distribution",
            "ການແຈກຢາຍປຶ້ມແບບຮຽນ",
            "Phân phối sách giáo khoa",
            "year:integer;district;grade;textbooks:integer",
            "O",
            "annual",
        ),
        _t("Sports facilities", "ສະຖານທີ່ກິລາ", "Cơ sở thể thao", "venue;district;venue_type", "O", "irregular"),
        _t(
            "Teacher qualifications",
            "ວຸດທິການສຶກສາຂອງຄູ",
            "Trình độ chuyên môn giáo viên",
            "record_id;school;qualification;years_of_service:integer",
            "B",
            "annual",
            "v",
        ),
        _t(
            "National examination papers",
            "ຊຸດຄຳຖາມສອບເສັງແຫ່ງຊາດ",
            "Đề thi quốc gia",
            "paper_id;subject;level",
            "K5",
            "not_planned",
        ),
    ),
    "JUS": (
        _t(
            "Birth registrations",
            "ການແຈ້ງເກີດ",
            "Đăng ký khai sinh",
            "date:date;district;registrations:integer",
            "O2",
            "daily",
            "v",
        ),
        _t(
            "Death registrations",
            "ການແຈ້ງຕາຍ",
            "Đăng ký khai tử",
            "date:date;district;registrations:integer",
            "O2",
            "daily",
            "v",
        ),
        _t(
            "Marriage registrations",
            "ການຈົດທະບຽນແຕ່ງງານ",
            "Đăng ký kết hôn",
            "date:date;district;registrations:integer",
            "O2",
            "daily",
            "v",
        ),
        _t(
            "Divorce records",
            "ບັນທຶກການຢ່າຮ້າງ",
            "Hồ sơ ly hôn",
            "record_id;date:date;district;court",
            "X",
            "daily",
        ),
        _t(
            "Civil status register (individual records)",
            "ທະບຽນພົນລະເມືອງ (ບັນທຶກລາຍບຸກຄົນ)",
            "Sổ hộ tịch (dữ liệu cá nhân)",
            "record_id;full_name;date_of_birth:date;civil_event;district",
            "B",
            "daily",
            "v",
        ),
        _t(
            "Notarised documents",
            "ເອກະສານທີ່ໄດ້ຮັບການຢັ້ງຢືນ",
            "Văn bản được chứng thực",
            "date:date;office;documents:integer",
            "O",
            "daily",
        ),
        _t(
            "Court cases received",
            "ຄະດີທີ່ສານໄດ້ຮັບ",
            "Vụ án tòa án thụ lý",
            "date:date;court;case_type;cases:integer",
            "S3",
            "daily",
        ),
        _t(
            "Civil judgments enforced",
            "ຄຳຕັດສິນທາງແພ່ງທີ່ໄດ້ຮັບການປະຕິບັດ",
            "Bản án dân sự được thi hành",
            "date:date;district;cases_closed:integer;amount_recovered_kip:number",
            "O2",
            "daily",
        ),
        _t(
            "Legal aid requests",
            "ຄຳຮ້ອງຂໍການຊ່ວຍເຫຼືອທາງດ້ານກົດໝາຍ",
            "Yêu cầu trợ giúp pháp lý",
            "date:date;office;requests:integer;resolved:integer",
            "O",
            "daily",
        ),
        _t(
            "Village mediation cases",
            "ຄະດີທີ່ໜ່ວຍໄກ່ເກ່ຍບ້ານແກ້ໄຂ",
            "Vụ việc hòa giải ở cơ sở",
            "date:date;village;district;cases:integer;settled:integer",
            "O",
            "daily",
        ),
        _t(
            "Law firms",
            "ບໍລິສັດທະນາຍຄວາມ",
            "Tổ chức hành nghề luật sư",
            "firm;licence_no;lawyers:integer",
            "O",
            "daily",
        ),
        _t(
            "Legal documents of the province",
            "ນິຕິກຳຂອງແຂວງ",
            "Văn bản quy phạm pháp luật của tỉnh",
            "document_no;document_title;issued:date;status",
            "O",
            "daily",
        ),
        _t(
            "Criminal record certificates issued",
            "ໃບຢັ້ງຢືນປະຫວັດອາຊະຍາກຳທີ່ອອກໃຫ້",
            "Phiếu lý lịch tư pháp đã cấp",
            "date:date;district;certificates:integer",
            "S",
            "daily",
            "v",
        ),
        _t(
            "Criminal records",
            "ປະຫວັດອາຊະຍາກຳ",
            "Lý lịch tư pháp",
            "record_id;full_name;offence_type;judgment_date:date",
            "X4",
            "daily",
        ),
        _t(
            "Asset auctions",
            "ການປະມູນຊັບສິນ",
            "Đấu giá tài sản",
            "date:date;asset;starting_price_kip:number;sold_price_kip:number",
            "O",
            "daily",
        ),
        _t(
            "Adoption records",
            "ບັນທຶກການຮັບເອົາລູກລ້ຽງ",
            "Hồ sơ nuôi con nuôi",
            "record_id;date:date;district;status",
            "X",
            "daily",
        ),
        _t(
            "Nationality applications",
            "ຄຳຮ້ອງຂໍສັນຊາດ",
            "Hồ sơ xin quốc tịch",
            "record_id;nationality;application_date:date;status",
            "BP",
            "daily",
        ),
        _t("Prisoners", "ນັກໂທດ", "Phạm nhân", "record_id;full_name;prison;release_date:date", "K4", "daily"),
        _t(
            "Legal awareness events",
            "ການເຜີຍແຜ່ກົດໝາຍ",
            "Hoạt động phổ biến pháp luật",
            "date:date;district;participants:integer",
            "O",
            "daily",
        ),
    ),
    "FIN": (
        _t(
            "Provincial budget plan",
            "ແຜນງົບປະມານແຂວງ",
            "Dự toán ngân sách tỉnh",
            "year:integer;chapter;planned_kip:number",
            "O",
            "annual",
        ),
        _t(
            "Budget revenue",
            "ລາຍຮັບງົບປະມານ",
            "Thu ngân sách",
            "month;source;revenue_kip:number",
            "O2",
            "monthly",
            "v",
        ),
        _t(
            "Budget expenditure",
            "ລາຍຈ່າຍງົບປະມານ",
            "Chi ngân sách",
            "month;chapter;spent_kip:number",
            "O2",
            "monthly",
            "v",
        ),
        _t(
            "Public debt", "ໜີ້ສາທາລະນະ", "Nợ công", "quarter;creditor;outstanding_kip:number", "S", "quarterly"
        ),
        _t(
            "State assets register",
            "ທະບຽນຊັບສິນຂອງລັດ",
            "Sổ tài sản công",
            "asset_id;asset;agency;value_kip:number",
            "S",
            "annual",
        ),
        _t(
            "Public procurement contracts",
            "ສັນຍາຈັດຊື້ຈັດຈ້າງຂອງລັດ",
            "Hợp đồng mua sắm công",
            "contract_no;agency;supplier;value_kip:number;signed:date",
            "O",
            "monthly",
        ),
        _t(
            "Treasury cash position",
            "ຖານະເງິນສົດຂອງຄັງເງິນ",
            "Tồn quỹ kho bạc",
            "date:date;account;balance_kip:number",
            "M4",
            "daily",
        ),
        _t(
            "Public servant payroll",
            "ເງິນເດືອນພະນັກງານລັດ",
            "Bảng lương công chức",
            "record_id;agency;salary_grade;salary_kip:number",
            "B",
            "monthly",
        ),
        _t(
            "State-owned enterprises",
            "ລັດວິສາຫະກິດ",
            "Doanh nghiệp nhà nước",
            "enterprise;business_line;capital_kip:number",
            "O2",
            "annual",
        ),
        _t(
            "Fees and charges collected",
            "ຄ່າທຳນຽມ ແລະ ຄ່າບໍລິການທີ່ເກັບໄດ້",
            "Phí và lệ phí đã thu",
            "month;fee;amount_kip:number",
            "O",
            "monthly",
        ),
        _t(
            "State-set prices of goods and services",
            "ລາຄາສິນຄ້າ ແລະ ການບໍລິການທີ່ລັດກຳນົດ",
            "Giá hàng hóa, dịch vụ do Nhà nước định giá",
            "priced_item;unit_name;price_kip:number;effective:date",
            "O",
            "irregular",
        ),
        _t(
            "Audit findings",
            "ຜົນການກວດສອບ",
            "Kết luận kiểm toán",
            "year:integer;agency;finding;amount_kip:number",
            "S3",
            "annual",
        ),
    ),
    "AGR": (
        _t(
            "Rice production",
            "ການຜະລິດເຂົ້າ",
            "Sản lượng lúa",
            "year:integer;district;season;area_ha:number;tonnes:number",
            "O",
            "semiannual",
        ),
        _t(
            "Maize and cash crops",
            "ສາລີ ແລະ ພືດເສດຖະກິດ",
            "Ngô và cây công nghiệp",
            "year:integer;district;crop;area_ha:number;tonnes:number",
            "O",
            "annual",
        ),
        _t(
            "Coffee plantations",
            "ສວນກາເຟ",
            "Vùng trồng cà phê",
            "district;village;area_ha:number;farmers:integer",
            "O",
            "annual",
        ),
        _t(
            "Livestock census",
            "ການສຳຫຼວດສັດລ້ຽງ",
            "Tổng đàn gia súc, gia cầm",
            "year:integer;district;cattle:integer;buffalo:integer;pigs:integer;poultry:integer",
            "O",
            "annual",
        ),
        _t(
            "Animal disease outbreaks",
            "ການລະບາດຂອງພະຍາດສັດ",
            "Ổ dịch bệnh động vật",
            "date:date;village;district;disease;animals_affected:integer",
            "O2",
            "weekly",
        ),
        _t(
            "Irrigation schemes",
            "ໂຄງການຊົນລະປະທານ",
            "Công trình thủy lợi",
            "scheme;district;irrigated_area_ha:number;condition",
            "O",
            "annual",
        ),
        _t(
            "Forest cover",
            "ປ່າໄມ້ປົກຄຸມ",
            "Độ che phủ rừng",
            "year:integer;district;forest_percent:number",
            "O",
            "annual",
        ),
        _t("Forest fires", "ໄຟໄໝ້ປ່າ", "Cháy rừng", "date:date;district;area_burned_ha:number", "O", "daily"),
        _t(
            "Timber and forest product permits",
            "ໃບອະນຸຍາດໄມ້ ແລະ ເຄື່ອງປ່າຂອງດົງ",
            "Giấy phép khai thác lâm sản",
            "permit_no;holder;product;volume_m3:number",
            "O2",
            "monthly",
        ),
        _t(
            "Fertiliser and pesticide dealers",
            "ຜູ້ຈຳໜ່າຍຝຸ່ນ ແລະ ຢາປາບສັດຕູພືດ",
            "Đại lý phân bón và thuốc bảo vệ thực vật",
            "dealer;district;licence_no",
            "O",
            "irregular",
        ),
        _t(
            "Air quality monitoring",
            "ການຕິດຕາມຄຸນນະພາບອາກາດ",
            "Quan trắc chất lượng không khí",
            "timestamp;station;pm25:number;pm10:number",
            "O",
            "continuous",
        ),
        _t(
            "River water quality",
            "ຄຸນນະພາບນ້ຳແມ່ນ້ຳ",
            "Chất lượng nước sông",
            "date:date;station;ph:number;turbidity_ntu:number",
            "O",
            "monthly",
        ),
        _t(
            "Rainfall and temperature",
            "ປະລິມານນ້ຳຝົນ ແລະ ອຸນຫະພູມ",
            "Lượng mưa và nhiệt độ",
            "date:date;station;rainfall_mm:number;temp_max_c:number",
            "O",
            "daily",
        ),
        _t(
            "Flood and drought damage",
            "ຄວາມເສຍຫາຍຈາກນ້ຳຖ້ວມ ແລະ ໄພແຫ້ງແລ້ງ",
            "Thiệt hại do lũ lụt và hạn hán",
            "date:date;district;households_affected:integer;crop_loss_ha:number",
            "O2",
            "irregular",
        ),
        _t(
            "Farm households receiving support",
            "ຄົວເຮືອນຊາວກະສິກອນທີ່ໄດ້ຮັບການຊ່ວຍເຫຼືອ",
            "Hộ nông dân được hỗ trợ",
            "record_id;full_name;village;support",
            "B",
            "annual",
        ),
        _t(
            "Solid waste collection",
            "ການເກັບຂີ້ເຫຍື້ອ",
            "Thu gom chất thải rắn",
            "month;district;tonnes:number",
            "O",
            "monthly",
        ),
        _t(
            "Environmental permits",
            "ໃບອະນຸຍາດດ້ານສິ່ງແວດລ້ອມ",
            "Giấy phép môi trường",
            "permit_no;project;district;issued:date",
            "O2",
            "irregular",
        ),
        _t(
            "Fisheries and aquaculture",
            "ການປະມົງ ແລະ ການລ້ຽງສັດນ້ຳ",
            "Thủy sản",
            "year:integer;district;ponds:integer;tonnes:number",
            "O",
            "annual",
        ),
        _t(
            "Organic farming certificates",
            "ການຢັ້ງຢືນກະສິກຳອິນຊີ",
            "Chứng nhận nông nghiệp hữu cơ",
            "farm;district;certified:date",
            "O",
            "unknown",
        ),
    ),
    "TRA": (
        _t(
            "Road network",
            "ເຄືອຂ່າຍເສັ້ນທາງ",
            "Mạng lưới đường bộ",
            "road;road_class;length_km:number;surface",
            "O",
            "annual",
            "v",
        ),
        _t("Bridges", "ຂົວ", "Cầu", "bridge;road;length_m:number;condition", "O", "annual", "v"),
        _t(
            "Bus routes and timetables",
            "ສາຍລົດເມ ແລະ ຕາຕະລາງເວລາ",
            "Tuyến và lịch xe buýt",
            "route;origin;terminus;departures:integer",
            "O",
            "quarterly",
        ),
        _t(
            "Bus passengers",
            "ຜູ້ໂດຍສານລົດເມ",
            "Hành khách xe buýt",
            "month;route;passengers:integer",
            "O",
            "monthly",
        ),
        _t(
            "Vehicle technical inspections",
            "ການກວດກາເຕັກນິກຍານພາຫະນະ",
            "Kiểm định kỹ thuật phương tiện",
            "month;vehicle_type;inspected:integer;failed:integer",
            "O",
            "monthly",
        ),
        _t(
            "Licensed transport companies",
            "ບໍລິສັດຂົນສົ່ງທີ່ໄດ້ຮັບອະນຸຍາດ",
            "Doanh nghiệp vận tải được cấp phép",
            "company;licence_no;vehicles:integer",
            "O",
            "irregular",
        ),
        _t(
            "Freight volumes",
            "ປະລິມານການຂົນສົ່ງສິນຄ້າ",
            "Khối lượng vận chuyển hàng hóa",
            "quarter;mode;tonnes:number",
            "O",
            "quarterly",
        ),
        _t(
            "Road maintenance works",
            "ວຽກງານບຳລຸງຮັກສາເສັ້ນທາງ",
            "Công trình bảo trì đường bộ",
            "project;road;cost_kip:number;completion:date",
            "O2",
            "quarterly",
            "v",
        ),
        _t(
            "Traffic counts",
            "ການນັບປະລິມານການສັນຈອນ",
            "Đếm lưu lượng giao thông",
            "timestamp;counter;vehicles:integer",
            "O",
            "continuous",
        ),
        _t(
            "River ports and ferries",
            "ທ່າເຮືອ ແລະ ເຮືອຂ້າມຟາກ",
            "Bến cảng và bến phà",
            "port;river;district",
            "O",
            "not_planned",
        ),
        _t(
            "Airport passenger traffic",
            "ຜູ້ໂດຍສານຜ່ານສະໜາມບິນ",
            "Lượng khách qua sân bay",
            "month;arrivals:integer;departures:integer",
            "O",
            "monthly",
        ),
        _t(
            "Overloaded vehicle checks",
            "ການກວດກາລົດບັນທຸກເກີນ",
            "Kiểm tra xe quá tải",
            "date:date;checkpoint;checked:integer;overloaded:integer",
            "O2",
            "weekly",
        ),
    ),
    "LAB": (
        _t(
            "Registered job seekers",
            "ຜູ້ຊອກວຽກທີ່ລົງທະບຽນ",
            "Người tìm việc đã đăng ký",
            "month;district;job_seekers:integer",
            "O",
            "monthly",
        ),
        _t(
            "Job vacancies",
            "ຕຳແໜ່ງງານຫວ່າງ",
            "Vị trí việc làm trống",
            "employer;position;vacancies:integer;closing:date",
            "O",
            "weekly",
        ),
        _t(
            "Foreign workers with work permits",
            "ແຮງງານຕ່າງປະເທດທີ່ມີໃບອະນຸຍາດເຮັດວຽກ",
            "Lao động nước ngoài có giấy phép lao động",
            "record_id;nationality;employer;permit_expiry:date",
            "B",
            "monthly",
        ),
        _t(
            "Workers abroad",
            "ແຮງງານທີ່ໄປເຮັດວຽກຢູ່ຕ່າງປະເທດ",
            "Lao động làm việc ở nước ngoài",
            "year:integer;district;destination;workers:integer",
            "O",
            "annual",
        ),
        _t(
            "Social security contributors",
            "ຜູ້ປະກອບສ່ວນປະກັນສັງຄົມ",
            "Người đóng bảo hiểm xã hội",
            "month;employer;contributors:integer",
            "S",
            "monthly",
            "v",
        ),
        _t(
            "Pension recipients",
            "ຜູ້ຮັບເງິນບຳນານ",
            "Người hưởng lương hưu",
            "record_id;full_name;district;pension_kip:number",
            "B",
            "monthly",
            "v",
        ),
        _t(
            "Poor households",
            "ຄົວເຮືອນທຸກຍາກ",
            "Hộ nghèo",
            "year:integer;village;district;households:integer",
            "O2",
            "annual",
        ),
        _t(
            "Persons with disabilities",
            "ຄົນພິການ",
            "Người khuyết tật",
            "record_id;sex;age:integer;disability;village",
            "X",
            "annual",
        ),
        _t(
            "Veterans and persons with merit",
            "ຜູ້ມີຜົນງານຕໍ່ການປະຕິວັດ",
            "Người có công với cách mạng",
            "record_id;full_name;merit_category;allowance_kip:number",
            "B",
            "annual",
        ),
        _t(
            "Disaster relief distributed",
            "ການແຈກຢາຍການຊ່ວຍເຫຼືອຜູ້ປະສົບໄພ",
            "Cứu trợ thiên tai đã phân phối",
            "date:date;district;households:integer;rice_kg:number",
            "O",
            "irregular",
        ),
        _t(
            "Vocational training graduates",
            "ຜູ້ຈົບການຝຶກວິຊາຊີບ",
            "Học viên tốt nghiệp đào tạo nghề",
            "year:integer;centre;trade;graduates:integer",
            "O",
            "annual",
        ),
        _t(
            "Workplace accidents",
            "ອຸບັດຕິເຫດໃນບ່ອນເຮັດວຽກ",
            "Tai nạn lao động",
            "date:date;employer;injured:integer;deaths:integer",
            "O2",
            "monthly",
        ),
        _t(
            "Child protection cases",
            "ກໍລະນີການປົກປ້ອງເດັກ",
            "Vụ việc bảo vệ trẻ em",
            "record_id;age:integer;district;case_type",
            "X4",
            "irregular",
        ),
        _t(
            "Social care centres",
            "ສູນສົງເຄາະສັງຄົມ",
            "Cơ sở bảo trợ xã hội",
            "centre;district;residents:integer",
            "O",
            "annual",
        ),
        _t(
            "Minimum wage inspections",
            "ການກວດກາການປະຕິບັດຄ່າແຮງງານຂັ້ນຕ່ຳ",
            "Thanh tra thực hiện lương tối thiểu",
            "date:date;employer;workers_checked:integer;violations:integer",
            "O2",
            "quarterly",
        ),
    ),
    "CUL": (
        _t(
            "Tourist arrivals",
            "ນັກທ່ອງທ່ຽວທີ່ເດີນທາງມາ",
            "Lượng khách du lịch",
            "month;nationality;arrivals:integer",
            "O",
            "monthly",
        ),
        _t(
            "Hotels and guesthouses",
            "ໂຮງແຮມ ແລະ ເຮືອນພັກ",
            "Khách sạn và nhà nghỉ",
            "hotel;district;rooms:integer;stars:integer",
            "O",
            "quarterly",
        ),
        _t(
            "Tourist sites",
            "ແຫຼ່ງທ່ອງທ່ຽວ",
            "Điểm du lịch",
            "site;district;site_type;latitude:number;longitude:number",
            "O",
            "annual",
        ),
        _t(
            "Tourism revenue",
            "ລາຍຮັບຈາກການທ່ອງທ່ຽວ",
            "Doanh thu du lịch",
            "month;revenue_usd:number",
            "O",
            "monthly",
        ),
        _t(
            "Heritage sites",
            "ມໍລະດົກທາງວັດທະນະທຳ",
            "Di sản văn hóa",
            "site;district;designation;year_listed:integer",
            "O",
            "not_planned",
        ),
        _t(
            "Festivals and events calendar",
            "ປະຕິທິນບຸນປະເພນີ ແລະ ງານຕ່າງໆ",
            "Lịch lễ hội và sự kiện",
            "event;date:date;district",
            "O",
            "annual",
        ),
        _t(
            "Licensed tour operators",
            "ບໍລິສັດນຳທ່ຽວທີ່ໄດ້ຮັບອະນຸຍາດ",
            "Doanh nghiệp lữ hành được cấp phép",
            "company;licence_no;valid_until:date",
            "O",
            "irregular",
        ),
        _t(
            "Hotel guest registrations",
            "ການລົງທະບຽນແຂກພັກໂຮງແຮມ",
            "Đăng ký lưu trú của khách",
            "record_id;nationality;hotel;check_in:date",
            "B",
            "daily",
        ),
        _t(
            "Museums and libraries",
            "ຫໍພິພິທະພັນ ແລະ ຫໍສະໝຸດ",
            "Bảo tàng và thư viện",
            "venue;district;visitors:integer",
            "O",
            "annual",
        ),
        _t("Media outlets", "ສື່ມວນຊົນ", "Cơ quan báo chí", "outlet;media_type;licence_no", "O", "irregular"),
        _t(
            "Sports events",
            "ການແຂ່ງຂັນກິລາ",
            "Sự kiện thể thao",
            "competition;date:date;participants:integer",
            "O",
            "semiannual",
        ),
        _t(
            "Temples and religious sites",
            "ວັດ ແລະ ສະຖານທີ່ທາງສາສະໜາ",
            "Chùa và cơ sở tôn giáo",
            "temple;village;district",
            "O",
            "not_planned",
        ),
    ),
    "IND": (
        _t(
            "Registered enterprises",
            "ວິສາຫະກິດທີ່ຈົດທະບຽນ",
            "Doanh nghiệp đã đăng ký",
            "enterprise_id;enterprise;business_line;registered:date",
            "O",
            "weekly",
            "v",
        ),
        _t(
            "Market prices of essential goods",
            "ລາຄາສິນຄ້າທີ່ຈຳເປັນໃນຕະຫຼາດ",
            "Giá hàng hóa thiết yếu tại chợ",
            "date:date;market;commodity;price_kip:number",
            "O",
            "weekly",
        ),
        _t("Markets", "ຕະຫຼາດ", "Chợ", "market;district;stalls:integer", "O", "annual"),
        _t(
            "Exports by commodity",
            "ການສົ່ງອອກຕາມປະເພດສິນຄ້າ",
            "Xuất khẩu theo mặt hàng",
            "month;commodity;value_usd:number",
            "O",
            "monthly",
        ),
        _t(
            "Imports by commodity",
            "ການນຳເຂົ້າຕາມປະເພດສິນຄ້າ",
            "Nhập khẩu theo mặt hàng",
            "month;commodity;value_usd:number",
            "O",
            "monthly",
        ),
        _t("Factories", "ໂຮງງານ", "Nhà máy", "factory;district;industry;workers:integer", "O", "annual"),
        _t(
            "Electricity consumption",
            "ການນຳໃຊ້ໄຟຟ້າ",
            "Tiêu thụ điện",
            "month;district;mwh:number",
            "O",
            "monthly",
        ),
        _t(
            "Fuel stations",
            "ປ້ຳນ້ຳມັນ",
            "Cửa hàng xăng dầu",
            "fuel_station;district;licence_no;latitude:number;longitude:number",
            "O",
            "irregular",
        ),
        _t(
            "Consumer complaints",
            "ການຮ້ອງຮຽນຂອງຜູ້ບໍລິໂພກ",
            "Khiếu nại của người tiêu dùng",
            "record_id;date:date;complaint;status",
            "B",
            "monthly",
        ),
        _t(
            "Business licences issued",
            "ໃບອະນຸຍາດທຸລະກິດທີ່ອອກໃຫ້",
            "Giấy phép kinh doanh đã cấp",
            "month;business_line;issued:integer",
            "O",
            "monthly",
            "v",
        ),
        _t(
            "Handicraft producer groups",
            "ກຸ່ມຜະລິດຫັດຖະກຳ",
            "Nhóm sản xuất thủ công",
            "producer_group;village;members:integer;product",
            "O",
            "annual",
        ),
        _t(
            "Market inspections",
            "ການກວດກາຕະຫຼາດ",
            "Kiểm tra thị trường",
            "date:date;market;violations:integer;fines_kip:number",
            "O2",
            "monthly",
        ),
    ),
    "HOM": (
        _t(
            "Civil servants by agency",
            "ພະນັກງານລັດຕາມອົງການ",
            "Công chức theo cơ quan",
            "year:integer;agency;civil_servants:integer;women:integer",
            "O2",
            "annual",
            "v",
        ),
        _t(
            "Civil servant personnel records",
            "ແຟ້ມປະຫວັດພະນັກງານລັດ",
            "Hồ sơ cán bộ, công chức",
            "record_id;full_name;agency;salary_grade",
            "BP",
            "monthly",
            "v",
        ),
        _t(
            "Administrative units",
            "ຫົວໜ່ວຍການປົກຄອງ",
            "Đơn vị hành chính",
            "district;villages:integer;population:integer",
            "O",
            "annual",
        ),
        _t(
            "Villages",
            "ບ້ານ",
            "Danh sách thôn, bản",
            "village_code;village;district;households:integer",
            "O",
            "annual",
        ),
        _t(
            "Associations and foundations",
            "ສະມາຄົມ ແລະ ມູນນິທິ",
            "Hội và quỹ",
            "association;registration_no;field_of_work",
            "O",
            "irregular",
        ),
        _t(
            "Religious organisations",
            "ອົງການສາສະໜາ",
            "Tổ chức tôn giáo",
            "religious_organisation;religion;district",
            "S3",
            "not_planned",
        ),
        _t(
            "Civil service recruitment",
            "ການບັນຈຸລັດຖະກອນ",
            "Tuyển dụng công chức",
            "year:integer;agency;positions:integer;candidates:integer",
            "O",
            "annual",
        ),
        _t(
            "Civil servant training",
            "ການຝຶກອົບຮົມພະນັກງານລັດ",
            "Đào tạo, bồi dưỡng công chức",
            "year:integer;course;participants:integer",
            "O",
            "annual",
        ),
        _t(
            "Awards to organisations",
            "ການຍ້ອງຍໍການຈັດຕັ້ງ",
            "Khen thưởng tập thể",
            "year:integer;organisation;award",
            "O",
            "annual",
        ),
        _t(
            "Administrative service processing times",
            "ໄລຍະເວລາການບໍລິການບໍລິຫານ",
            "Thời gian giải quyết thủ tục hành chính",
            "month;service;applications:integer;on_time_percent:number",
            "O",
            "monthly",
        ),
        _t(
            "Archive holdings",
            "ເອກະສານຈົດໝາຍເຫດ",
            "Tài liệu lưu trữ",
            "fonds;agency;boxes:integer;years",
            "S",
            "unknown",
        ),
        _t(
            "Population by ethnic group",
            "ປະຊາກອນຕາມຊົນເຜົ່າ",
            "Dân số theo dân tộc",
            "district;ethnic_group;population:integer",
            "S",
            "not_planned",
        ),
    ),
    "PLA": (
        _t(
            "Licensed investment projects",
            "ໂຄງການລົງທຶນທີ່ໄດ້ຮັບອະນຸຍາດ",
            "Dự án đầu tư được cấp phép",
            "project;investor_country;capital_usd:number;licensed:date",
            "O",
            "monthly",
        ),
        _t(
            "Foreign direct investment",
            "ການລົງທຶນໂດຍກົງຈາກຕ່າງປະເທດ",
            "Đầu tư trực tiếp nước ngoài",
            "quarter;investor_country;projects:integer;capital_usd:number",
            "O",
            "quarterly",
        ),
        _t(
            "Public investment projects",
            "ໂຄງການລົງທຶນຂອງລັດ",
            "Dự án đầu tư công",
            "project;district;budget_kip:number;progress_percent:number",
            "O2",
            "quarterly",
        ),
        _t(
            "Gross regional domestic product",
            "ລວມຍອດຜະລິດຕະພັນພາຍໃນຂອງແຂວງ",
            "Tổng sản phẩm trên địa bàn tỉnh",
            "year:integer;economic_sector;value_kip:number;growth_percent:number",
            "O2",
            "annual",
        ),
        _t(
            "Socio-economic plan targets",
            "ຄາດໝາຍແຜນພັດທະນາເສດຖະກິດ-ສັງຄົມ",
            "Chỉ tiêu kế hoạch phát triển kinh tế - xã hội",
            "year:integer;indicator;target:number;achieved:number",
            "O",
            "annual",
        ),
        _t(
            "ODA projects",
            "ໂຄງການຊ່ວຍເຫຼືອທາງການເພື່ອການພັດທະນາ (ODA)",
            "Dự án ODA",
            "project;donor;amount_usd:number;end_date:date",
            "O",
            "semiannual",
        ),
        _t(
            "Land concessions",
            "ສຳປະທານທີ່ດິນ",
            "Nhượng quyền sử dụng đất",
            "project;investor;area_ha:number;term_years:integer",
            "S3",
            "irregular",
        ),
        _t(
            "Special economic zones",
            "ເຂດເສດຖະກິດພິເສດ",
            "Khu kinh tế đặc biệt",
            "zone;area_ha:number;enterprises:integer",
            "O",
            "annual",
        ),
        _t(
            "Non-profit association projects",
            "ໂຄງການຂອງສະມາຄົມທີ່ບໍ່ຫວັງຜົນກຳໄລ",
            "Dự án của tổ chức phi chính phủ",
            "project;ngo;budget_usd:number;district",
            "O",
            "semiannual",
        ),
        _t(
            "Investment incentives granted",
            "ການສົ່ງເສີມການລົງທຶນທີ່ໄດ້ຮັບ",
            "Ưu đãi đầu tư đã cấp",
            "project;incentive;value_kip:number",
            "S",
            "annual",
        ),
        _t(
            "Strategic investment pipeline",
            "ບັນຊີໂຄງການລົງທຶນຍຸດທະສາດ",
            "Danh mục dự án đầu tư chiến lược",
            "project;investor;status",
            "K4",
            "not_planned",
        ),
    ),
    "CON": (
        _t(
            "Building permits",
            "ໃບອະນຸຍາດກໍ່ສ້າງ",
            "Giấy phép xây dựng",
            "permit_no;district;building_use;floor_area_m2:number;issued:date",
            "O",
            "monthly",
        ),
        _t(
            "Construction projects",
            "ໂຄງການກໍ່ສ້າງ",
            "Dự án xây dựng",
            "project;district;contractor;value_kip:number",
            "O",
            "quarterly",
        ),
        _t(
            "Urban master plans",
            "ແຜນຜັງແມ່ບົດຕົວເມືອງ",
            "Quy hoạch chung đô thị",
            "plan;town;approved:date;area_ha:number",
            "O",
            "not_planned",
        ),
        _t(
            "Housing stock",
            "ທີ່ຢູ່ອາໄສ",
            "Nhà ở",
            "year:integer;district;houses:integer;permanent_percent:number",
            "O",
            "annual",
        ),
        _t(
            "Piped water supply",
            "ການສະໜອງນ້ຳປະປາ",
            "Cấp nước sạch",
            "year:integer;town;connections:integer;coverage_percent:number",
            "O",
            "annual",
        ),
        _t(
            "Licensed construction companies",
            "ບໍລິສັດກໍ່ສ້າງທີ່ໄດ້ຮັບອະນຸຍາດ",
            "Doanh nghiệp xây dựng được cấp phép",
            "company;company_grade;licence_no",
            "O",
            "irregular",
        ),
        _t(
            "Building materials prices",
            "ລາຄາວັດສະດຸກໍ່ສ້າງ",
            "Giá vật liệu xây dựng",
            "month;material;unit_name;price_kip:number",
            "O",
            "monthly",
        ),
        _t(
            "Construction quality inspections",
            "ການກວດກາຄຸນນະພາບການກໍ່ສ້າງ",
            "Kiểm tra chất lượng công trình",
            "date:date;project;result",
            "O2",
            "monthly",
        ),
        _t(
            "Street lighting",
            "ໄຟທາງ",
            "Chiếu sáng đô thị",
            "road;lamps:integer;working:integer",
            "O",
            "semiannual",
        ),
        _t(
            "Public buildings",
            "ອາຄານສາທາລະນະ",
            "Công trình công cộng",
            "building;district;built_year:integer;condition",
            "O",
            "annual",
        ),
        _t(
            "Critical infrastructure drawings",
            "ແບບກໍ່ສ້າງພື້ນຖານໂຄງລ່າງສຳຄັນ",
            "Bản vẽ công trình hạ tầng trọng yếu",
            "drawing_id;project;revision:integer",
            "M5",
            "not_planned",
        ),
    ),
    "ICT": (
        _t(
            "Mobile subscribers",
            "ຜູ້ໃຊ້ໂທລະສັບມືຖື",
            "Thuê bao di động",
            "quarter;operator;subscribers:integer",
            "O",
            "quarterly",
        ),
        _t(
            "Internet subscribers",
            "ຜູ້ໃຊ້ອິນເຕີເນັດ",
            "Thuê bao Internet",
            "quarter;operator;fixed:integer;mobile:integer",
            "O",
            "quarterly",
        ),
        _t(
            "Telecom towers",
            "ເສົາສັນຍານໂທລະຄົມມະນາຄົມ",
            "Trạm thu phát sóng",
            "tower_id;operator;district;latitude:number;longitude:number",
            "S3",
            "annual",
        ),
        _t("Post offices", "ໄປສະນີ", "Bưu cục", "post_office;district;services", "O", "irregular"),
        _t(
            "Online public services",
            "ການບໍລິການສາທາລະນະອອນລາຍ",
            "Dịch vụ công trực tuyến",
            "month;service;applications:integer",
            "O",
            "monthly",
        ),
        _t(
            "Cyber security incidents",
            "ເຫດການຄວາມປອດໄພທາງໄຊເບີ",
            "Sự cố an toàn thông tin mạng",
            "date:date;agency;incident_type;severity",
            "M4",
            "monthly",
        ),
        _t(
            "Government websites",
            "ເວັບໄຊຂອງອົງການລັດ",
            "Cổng thông tin điện tử cơ quan nhà nước",
            "agency;url;uptime_percent:number",
            "O",
            "quarterly",
        ),
        _t(
            "Radio and TV stations",
            "ສະຖານີວິທະຍຸ ແລະ ໂທລະທັດ",
            "Đài phát thanh và truyền hình",
            "outlet;frequency_mhz:number;district",
            "O",
            "not_planned",
        ),
        _t(
            "Public Wi-Fi hotspots",
            "ຈຸດບໍລິການ Wi-Fi ສາທາລະນະ",
            "Điểm Wi-Fi công cộng",
            "site;district;latitude:number;longitude:number",
            "O",
            "irregular",
        ),
        _t(
            "Digital signature certificates issued",
            "ໃບຢັ້ງຢືນລາຍເຊັນດິຈິຕອນທີ່ອອກໃຫ້",
            "Chứng thư chữ ký số đã cấp",
            "month;agency;certificates:integer",
            "O",
            "monthly",
        ),
    ),
    "NAT": (
        _t(
            "Cadastre of land parcels",
            "ທະບຽນຕອນດິນ",
            "Sổ địa chính thửa đất",
            "parcel_id;village;district;area_m2:number;land_use",
            "S",
            "monthly",
            "v",
        ),
        _t(
            "Land titles issued",
            "ໃບຕາດິນທີ່ອອກໃຫ້",
            "Giấy chứng nhận quyền sử dụng đất đã cấp",
            "month;district;titles:integer",
            "O",
            "monthly",
            "v",
        ),
        _t(
            "Land title holders",
            "ເຈົ້າຂອງໃບຕາດິນ",
            "Người được cấp giấy chứng nhận",
            "record_id;full_name;parcel_id;issued:date",
            "B",
            "monthly",
            "v",
        ),
        _t(
            "Land use plan",
            "ແຜນການນຳໃຊ້ທີ່ດິນ",
            "Quy hoạch sử dụng đất",
            "zone;district;land_use;area_ha:number",
            "O",
            "not_planned",
        ),
        _t(
            "Mineral concessions",
            "ສຳປະທານບໍ່ແຮ່",
            "Giấy phép khai thác khoáng sản",
            "licence_no;company;mineral;area_ha:number",
            "O2",
            "irregular",
        ),
        _t(
            "Groundwater wells",
            "ບໍ່ນ້ຳບາດານ",
            "Giếng nước ngầm",
            "well_id;village;depth_m:number;yield_m3_day:number",
            "O",
            "annual",
        ),
        _t(
            "River water levels",
            "ລະດັບນ້ຳແມ່ນ້ຳ",
            "Mực nước sông",
            "timestamp;station;level_m:number",
            "O",
            "continuous",
        ),
        _t(
            "Protected areas",
            "ເຂດປ່າສະຫງວນ",
            "Khu bảo tồn",
            "protected_area;area_ha:number;category",
            "O",
            "not_planned",
        ),
        _t(
            "Satellite imagery mosaics",
            "ພາບຖ່າຍດາວທຽມ",
            "Ảnh vệ tinh ghép",
            "tile_id;acquired:date;cloud_percent:number",
            "O",
            "annual",
            "b",
        ),
        _t(
            "Topographic maps",
            "ແຜນທີ່ພູມສັນຖານ",
            "Bản đồ địa hình",
            "sheet;scale;edition:integer",
            "S",
            "not_planned",
            "b",
        ),
        _t(
            "Environmental impact assessments",
            "ການປະເມີນຜົນກະທົບຕໍ່ສິ່ງແວດລ້ອມ",
            "Đánh giá tác động môi trường",
            "project;district;decision;approved:date",
            "O",
            "irregular",
        ),
        _t(
            "Land disputes",
            "ຂໍ້ຂັດແຍ່ງກ່ຽວກັບທີ່ດິນ",
            "Tranh chấp đất đai",
            "record_id;village;district;status",
            "B",
            "monthly",
        ),
        _t(
            "Land price table",
            "ຕາຕະລາງລາຄາທີ່ດິນ",
            "Bảng giá đất",
            "zone;district;price_kip_m2:number",
            "O",
            "annual",
        ),
        _t(
            "Geodetic control points",
            "ຈຸດຄວບຄຸມທາງພູມີສາດ",
            "Mốc khống chế trắc địa",
            "point_id;latitude:number;longitude:number;elevation_m:number",
            "M4",
            "not_planned",
        ),
    ),
    "TAX": (
        _t(
            "Tax revenue by tax type",
            "ລາຍຮັບອາກອນຕາມປະເພດອາກອນ",
            "Thu thuế theo sắc thuế",
            "month;tax_type;revenue_kip:number",
            "O2",
            "monthly",
            "v",
        ),
        _t(
            "Registered taxpayers",
            "ຜູ້ເສຍອາກອນທີ່ຈົດທະບຽນ",
            "Người nộp thuế đã đăng ký",
            "month;district;taxpayer_type;taxpayers:integer",
            "O",
            "monthly",
            "v",
        ),
        _t(
            "Taxpayer register",
            "ທະບຽນຜູ້ເສຍອາກອນ",
            "Sổ đăng ký người nộp thuế",
            "tin;taxpayer;district;registered:date",
            "S3",
            "weekly",
            "v",
        ),
        _t("Tax arrears", "ໜີ້ອາກອນຄ້າງຈ່າຍ", "Nợ thuế", "tin;taxpayer;arrears_kip:number", "BP", "monthly", "v"),
        _t(
            "VAT refunds",
            "ການຄືນອາກອນມູນຄ່າເພີ່ມ",
            "Hoàn thuế giá trị gia tăng",
            "month;refunds:integer;amount_kip:number",
            "S",
            "monthly",
        ),
        _t(
            "Tax inspections",
            "ການກວດກາອາກອນ",
            "Thanh tra, kiểm tra thuế",
            "quarter;inspections:integer;additional_tax_kip:number",
            "S3",
            "quarterly",
        ),
        _t(
            "Land tax collection",
            "ການເກັບອາກອນທີ່ດິນ",
            "Thu thuế sử dụng đất",
            "year:integer;district;amount_kip:number",
            "O",
            "annual",
        ),
        _t(
            "Vehicle road tax",
            "ອາກອນຍານພາຫະນະ",
            "Thuế, phí phương tiện",
            "year:integer;vehicle_type;amount_kip:number",
            "O",
            "annual",
        ),
        _t(
            "E-invoices issued",
            "ໃບເກັບເງິນເອເລັກໂຕຣນິກທີ່ອອກ",
            "Hóa đơn điện tử đã phát hành",
            "month;invoices:integer;value_kip:number",
            "O2",
            "monthly",
            "v",
        ),
        _t(
            "Personal income tax returns",
            "ແບບແຈ້ງອາກອນລາຍໄດ້ບຸກຄົນ",
            "Tờ khai thuế thu nhập cá nhân",
            "tin;full_name;income_kip:number;tax_kip:number",
            "X4",
            "annual",
        ),
    ),
    "CUS": (
        _t(
            "Import declarations",
            "ໃບແຈ້ງການນຳເຂົ້າ",
            "Tờ khai nhập khẩu",
            "declaration_no;date:date;hs_code;value_usd:number;checkpoint",
            "S3",
            "daily",
            "v",
        ),
        _t(
            "Export declarations",
            "ໃບແຈ້ງການສົ່ງອອກ",
            "Tờ khai xuất khẩu",
            "declaration_no;date:date;hs_code;value_usd:number;checkpoint",
            "S3",
            "daily",
            "v",
        ),
        _t(
            "Customs revenue",
            "ລາຍຮັບພາສີ",
            "Thu ngân sách từ hải quan",
            "month;checkpoint;revenue_kip:number",
            "O2",
            "monthly",
            "v",
        ),
        _t(
            "Trade through border checkpoints",
            "ການຄ້າຜ່ານດ່ານຊາຍແດນ",
            "Kim ngạch qua cửa khẩu",
            "month;checkpoint;imports_usd:number;exports_usd:number",
            "O",
            "monthly",
            "v",
        ),
        _t(
            "Seizures of smuggled goods",
            "ການຍຶດສິນຄ້າລັກລອບ",
            "Hàng buôn lậu bị bắt giữ",
            "date:date;checkpoint;goods;value_kip:number",
            "S3",
            "monthly",
        ),
        _t(
            "Transit shipments",
            "ການຂົນສົ່ງຜ່ານແດນ",
            "Hàng hóa quá cảnh",
            "month;checkpoint;shipments:integer;tonnes:number",
            "O",
            "monthly",
            "v",
        ),
        _t(
            "Temporarily imported vehicles",
            "ຍານພາຫະນະນຳເຂົ້າຊົ່ວຄາວ",
            "Phương tiện tạm nhập",
            "record_id;plate;owner_name;entry_date:date",
            "B",
            "weekly",
        ),
        _t(
            "Border checkpoints",
            "ດ່ານຊາຍແດນ",
            "Cửa khẩu",
            "checkpoint;checkpoint_type;opening_hours",
            "O",
            "not_planned",
        ),
        _t(
            "Risk management profiles",
            "ຂໍ້ມູນການຄຸ້ມຄອງຄວາມສ່ຽງ",
            "Hồ sơ quản lý rủi ro",
            "profile_id;criteria;risk_level",
            "K5",
            "irregular",
        ),
        _t(
            "Cargo scan images",
            "ພາບສະແກນສິນຄ້າ",
            "Ảnh soi chiếu hàng hóa",
            "scan_id;date:date;checkpoint;container_no",
            "S3",
            "daily",
            "b",
        ),
    ),
    "STA": (
        _t(
            "Population by district",
            "ປະຊາກອນຕາມເມືອງ",
            "Dân số theo huyện",
            "year:integer;district;male:integer;female:integer",
            "O",
            "annual",
        ),
        _t(
            "Consumer price index",
            "ດັດຊະນີລາຄາຜູ້ບໍລິໂພກ",
            "Chỉ số giá tiêu dùng",
            "month;item_group;index_value:number",
            "O",
            "monthly",
        ),
        _t(
            "Statistical yearbook tables",
            "ຕາຕະລາງປຶ້ມສະຖິຕິປະຈຳປີ",
            "Bảng niên giám thống kê",
            "year:integer;chapter;indicator;value:number",
            "O",
            "annual",
        ),
        _t(
            "Labour force survey",
            "ການສຳຫຼວດກຳລັງແຮງງານ",
            "Điều tra lao động việc làm",
            "year:integer;district;employed:integer;unemployed:integer",
            "O",
            "annual",
        ),
        _t(
            "Household income and expenditure",
            "ລາຍຮັບ ແລະ ລາຍຈ່າຍຂອງຄົວເຮືອນ",
            "Thu nhập và chi tiêu hộ gia đình",
            "year:integer;district;income_kip:number;expenditure_kip:number",
            "O",
            "irregular",
        ),
        _t(
            "Agricultural census",
            "ສຳມະໂນກະສິກຳ",
            "Tổng điều tra nông nghiệp",
            "district;farm_households:integer;land_ha:number",
            "O",
            "not_planned",
        ),
        _t(
            "Enterprise census",
            "ສຳມະໂນວິສາຫະກິດ",
            "Tổng điều tra doanh nghiệp",
            "district;enterprises:integer;employees:integer",
            "O",
            "not_planned",
        ),
        _t(
            "Poverty rate",
            "ອັດຕາຄວາມທຸກຍາກ",
            "Tỷ lệ hộ nghèo",
            "year:integer;district;poverty_percent:number",
            "O",
            "annual",
        ),
        _t(
            "Population census microdata",
            "ຂໍ້ມູນລະອຽດສຳມະໂນປະຊາກອນ",
            "Dữ liệu vi mô tổng điều tra dân số",
            "record_id;village;sex;age:integer;education",
            "B",
            "not_planned",
        ),
        _t(
            "Industrial production index",
            "ດັດຊະນີການຜະລິດອຸດສາຫະກຳ",
            "Chỉ số sản xuất công nghiệp",
            "month;industry;index_value:number",
            "O",
            "monthly",
        ),
        _t(
            "Retail sales",
            "ຍອດຂາຍຍ່ອຍ",
            "Tổng mức bán lẻ hàng hóa",
            "month;item_group;sales_kip:number",
            "O",
            "monthly",
        ),
        _t(
            "Survey sampling frame",
            "ກອບຕົວຢ່າງການສຳຫຼວດ",
            "Dàn mẫu điều tra",
            "village_code;village;district;households:integer",
            "S",
            "unknown",
        ),
    ),
}

# --- deterministic plan -----------------------------------------------------------------------


def _field_names(fields: tuple[str, ...]) -> list[str]:
    return [f.split(":", 1)[0] for f in fields]


def _variants(unit: Unit, topics: tuple[Topic, ...]) -> list[Topic]:
    """Further entries from a unit's statistical topics: an annual summary of a
    time series and a breakdown by district."""
    annual: list[Topic] = []
    district: list[Topic] = []
    daily_unit = unit.code == "JUS"  # justice data is daily throughout
    for topic in topics:
        if topic.cls not in AGGREGATE_CLASSES:
            continue
        names = _field_names(topic.fields)
        time_fields = [n for n in names if n in TIME_FIELDS]
        if (
            time_fields
            and not daily_unit
            and topic.freq not in ("annual", "irregular", "not_planned", "unknown")
        ):
            kept = tuple(f for f in topic.fields if f.split(":", 1)[0] not in TIME_FIELDS)
            # compiled by the department itself, even from a ministry system's data
            annual.append(
                Topic(
                    f"{topic.en}: annual summary",
                    f"{topic.lo}: ສະຫຼຸບປະຈຳປີ",
                    f"{topic.vi}: tổng hợp năm",
                    ("year:integer",) + kept,
                    topic.cls,
                    "annual",
                    topic.sector,
                    False,
                    False,
                )
            )
        if "district" not in names and "village" not in names:
            district.append(
                Topic(
                    f"{topic.en} by district",
                    f"{topic.lo} ແຍກຕາມເມືອງ",
                    f"{topic.vi} theo huyện",
                    ("district:string",) + topic.fields,
                    topic.cls,
                    topic.freq,
                    topic.sector,
                    False,
                    False,
                )
            )
    return annual + district


def _slug(text: str) -> str:
    return re.sub(r"-+", "-", re.sub(r"[^a-z0-9]+", "-", text.lower())).strip("-")


STOPWORDS = {"and", "of", "by", "the", "in", "with", "for", "annual", "summary", "to", "through", "issued"}
SECTOR_GROUPS = {
    "health": "public-services",
    "education": "public-services",
    "labour_social_affairs": "public-services",
    "justice": "public-services",
    "transport": "public-services",
    "agriculture_environment": "environment",
    "natural_resources": "environment",
}
GROUPS = (
    {"name": "public-services", "title": "Public services · ບໍລິການສາທາລະນະ · Dịch vụ công"},
    {"name": "environment", "title": "Environment · ສິ່ງແວດລ້ອມ · Môi trường"},
)
FREQUENCY_EN = {
    "continuous": "continuously",
    "daily": "daily",
    "weekly": "weekly",
    "monthly": "monthly",
    "quarterly": "quarterly",
    "semiannual": "every six months",
    "annual": "every year",
    "irregular": "irregularly",
    "not_planned": "once (no update planned)",
    "unknown": "at an unknown frequency",
}


def _tags(sector: str, title_en: str) -> tuple[str, ...]:
    words = [w for w in re.findall(r"[a-z][a-z-]+", title_en.lower()) if w not in STOPWORDS and len(w) > 2]
    tags = [sector.replace("_", "-")]
    for word in words:
        if word not in tags:
            tags.append(word)
        if len(tags) == 3:
            break
    return tuple(tags)


def _dataset_name(code: str, title_en: str) -> str:
    return f"{code.lower()}-{_slug(title_en)}"[:90].rstrip("-")


def _workflow(rng: random.Random, gate: bool) -> str:
    roll = rng.random()
    if gate:
        return "published" if roll < 0.72 else "approved" if roll < 0.88 else "submitted"
    return "approved" if roll < 0.62 else "submitted"


@functools.lru_cache(maxsize=1)
def entries() -> tuple[Entry, ...]:
    """Every catalog entry of the province with its delivery plan, by unit and code."""
    rng = random.Random(SEED)
    out: list[Entry] = []
    for unit in UNITS:
        topics = TOPICS[unit.code]
        chosen = list(topics) + _variants(unit, topics)[: max(0, unit.size - len(topics))]
        if len(chosen) < unit.size:
            raise AssertionError(f"{unit.code}: {len(chosen)} topics for {unit.size} entries")
        chosen = chosen[: unit.size]
        codes = [f"{unit.code}-{i + 1:03d}" for i in range(len(chosen))]
        # Which entries are still outstanding, and why.
        large = [c for c, t in zip(codes, chosen, strict=True) if t.big and not t.vertical]
        vertical = [
            c
            for c, t in zip(codes, chosen, strict=True)
            if t.vertical and CLASSES[t.cls][1] not in ("4", "5") and not CLASSES[t.cls][4]
        ]
        large_out = set(rng.sample(large, unit.large_pending))
        vertical_out = set(rng.sample(vertical, unit.vertical_pending))
        for index, (code, topic) in enumerate(zip(codes, chosen, strict=True)):
            out.append(_entry(rng, unit, code, topic, index, large_out, vertical_out))
    return tuple(_with_issues(_with_stale(out, rng)))


def _entry(
    rng: random.Random,
    unit: Unit,
    code: str,
    topic: Topic,
    index: int,
    large_out: set[str],
    vertical_out: set[str],
) -> Entry:
    access, level, importance, personal, secret = CLASSES[topic.cls]
    sector = topic.sector or unit.sector
    freq = "daily" if unit.code == "JUS" else topic.freq
    source = unit.system if topic.vertical and unit.system else "local"
    title_en = topic.en
    values: dict[str, Any] = dict(
        code=code,
        title=title_en,
        title_lo=topic.lo,
        title_vi=topic.vi,
        title_en=title_en,
        unit=unit.name,
        sector=sector,
        update_frequency=freq,
        access_level=access,
        security_level=level,
        importance=importance,
        personal_data=personal,
        state_secret=secret,
        source_system=source,
        required_fields=";".join(topic.fields),
        legal_basis=ENTRY_LEGAL_BASIS.format(code=code),
        notes="",
        fields=topic.fields,
    )
    delivered = code not in large_out and code not in vertical_out
    values["due_date"] = rng.choice(("2026-03-31", "2026-06-30", "2026-09-30")) if delivered else ""
    if source != "local":
        outstanding = code in vertical_out
        day = (datetime.date(2026, 4, 1) if outstanding else datetime.date(2025, 3, 1)) + datetime.timedelta(
            days=rng.randint(0, 200)
        )
        values.update(
            connection_status="requested" if outstanding else "connected",
            connection_requested=day.isoformat(),
            connection_legal_basis=CONNECTION_LEGAL_BASIS.format(
                n=rng.randint(10, 480), unit=unit.code, year=day.year
            ),
            notes=f"Held in the {unit.system}.",
        )
        if outstanding:
            values.update(
                delay_reason="vertical_system",
                delay_note=(
                    f"The data is held in the {unit.system}. The connection was requested on "
                    f"{day.isoformat()}; the ministry has not connected it yet."
                ),
                due_date=rng.choice(("2026-09-30", "2026-12-31")),
            )
    if code in large_out:
        records = rng.choice((1.2, 2.5, 4.8, 7.5, 12.0))
        values.update(
            delay_reason="large_volume",
            delay_note=(
                f"About {records} million records ({int(records * 9)} GB); the bulk transfer and "
                "the removal of direct identifiers are being prepared."
            ),
            due_date=rng.choice(("2026-12-31", "2027-03-31")),
        )
    entry = Entry(**values)
    plan = _dataset_plan(rng, unit, entry, delivered, index)
    return Entry(**dict(values, delivered=delivered, dataset=plan))


def _dataset_plan(
    rng: random.Random, unit: Unit, entry: Entry, delivered: bool, index: int
) -> DatasetPlan | None:
    if not delivered:
        # Half of the outstanding entries have a draft dataset without data, the others none yet.
        if index % 2:
            return None
        workflow = "draft"
        resources: tuple[ResourcePlan, ...] = ()
    else:
        workflow = _workflow(rng, publishable(entry))
        names = _field_names(entry.fields)
        if entry.metadata_only:
            resources = ()
        elif entry.source_system != "local":
            endpoint = _slug(entry.title_en).replace("-", "_")
            resources = (
                ResourcePlan(
                    f"{entry.title_en} (API)",
                    "API",
                    f"Live data from the {unit.system}: {', '.join(names)}.",
                    url=f"{unit.api}/{endpoint}?province=demo",
                ),
            )
        else:
            fmt = "XLSX" if rng.random() < 0.15 else "CSV"
            resources = (ResourcePlan(f"{entry.title_en} ({fmt})", fmt, f"Columns: {', '.join(names)}."),)
    open_license = entry.access_level == "open"
    groups = (
        (SECTOR_GROUPS[entry.sector],) if workflow == "published" and entry.sector in SECTOR_GROUPS else ()
    )
    notes = (
        f"{entry.title_en}, provided by the {unit.title_en}, updated {FREQUENCY_EN[entry.update_frequency]}."
    )
    return DatasetPlan(
        name=_dataset_name(entry.code, entry.title_en),
        title=entry.title_en,
        notes=notes,
        notes_lo=f"{entry.title_lo} ({unit.title_lo}).",
        notes_vi=f"{entry.title_vi} ({unit.title_vi}).",
        workflow_status=workflow,
        private=workflow != "published",
        license_id="cc-by" if open_license else "other-closed",
        tags=_tags(entry.sector, entry.title_en),
        groups=groups,
        resources=resources,
    )


def _with_stale(out: list[Entry], rng: random.Random) -> list[Entry]:
    """Mark a few delivered datasets with uploaded files as stale: last changed
    longer ago than their update frequency allows."""
    candidates = [
        i
        for i, e in enumerate(out)
        if e.delivered
        and e.dataset
        and e.update_frequency in STALE_FREQUENCIES
        and any(r.upload for r in e.dataset.resources)
    ]
    for i in sorted(rng.sample(candidates, 8)):
        entry = out[i]
        assert entry.dataset is not None
        days = STALE_FREQUENCIES[entry.update_frequency] + rng.randint(7, 90)
        dataset = DatasetPlan(**dict(entry.dataset.__dict__, stale_days=days))
        out[i] = Entry(**dict(entry.__dict__, dataset=dataset))
    return out


ISSUE_COUNT = 6


def _with_issues(out: list[Entry]) -> list[Entry]:
    """Mark a few submitted or approved datasets with an uploaded CSV file (not
    stale ones) as delivered with issues: their file leaves mandatory cells
    empty, so the upload check fails (``table`` blanks them). A separate random
    stream, so that the rest of the plan stays as it was."""
    rng = random.Random(f"{SEED}:issues")
    candidates = [
        i
        for i, e in enumerate(out)
        if e.delivered
        and e.dataset
        and e.dataset.workflow_status in ("submitted", "approved")
        and not e.dataset.stale_days
        and any(r.format == "CSV" for r in e.dataset.resources)
    ]
    for i in sorted(rng.sample(candidates, ISSUE_COUNT)):
        entry = out[i]
        assert entry.dataset is not None
        out[i] = Entry(
            **dict(entry.__dict__, dataset=DatasetPlan(**dict(entry.dataset.__dict__, issues=True)))
        )
    return out


# --- the import file --------------------------------------------------------------------------


def catalog_csv() -> bytes:
    """The target catalog as a UTF-8 CSV import file (DESIGN §6)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CATALOG_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for entry in entries():
        writer.writerow(entry.catalog_row())
    return buffer.getvalue().encode("utf-8")


def figures() -> dict[str, Any]:
    """What ``laodata_progress`` must report once the province is loaded."""
    all_entries = entries()
    delivered = [e for e in all_entries if e.delivered]
    by_unit: dict[str, list[Entry]] = {}
    for entry in all_entries:
        by_unit.setdefault(entry.unit, []).append(entry)
    reasons: dict[str, int] = {}
    for entry in all_entries:
        if not entry.delivered:
            reasons[str(entry.delay_reason)] = reasons.get(str(entry.delay_reason), 0) + 1
    workflow = [e.dataset.workflow_status for e in delivered if e.dataset]
    return {
        "target": len(all_entries),
        "delivered": len(delivered),
        "approved": sum(1 for w in workflow if w in ("approved", "published")),
        "published": sum(1 for w in workflow if w == "published"),
        "outstanding": len(all_entries) - len(delivered),
        "percent_delivered": round(100.0 * len(delivered) / len(all_entries), 1),
        "units_total": len(by_unit),
        "units_complete": sum(1 for es in by_unit.values() if all(e.delivered for e in es)),
        "delay_reasons": reasons,
    }


# --- resource files ---------------------------------------------------------------------------

DISTRICTS = (
    "Luang Prabang",
    "Xieng Ngeun",
    "Nane",
    "Pak Ou",
    "Nambak",
    "Ngoy",
    "Pak Xeng",
    "Phonxay",
    "Chomphet",
    "Viengkham",
    "Phoukhoune",
    "Phonthong",
)
VILLAGES = (
    "Ban Phonxay",
    "Ban Nongbone",
    "Ban Xiengmuan",
    "Ban Phonheuang",
    "Ban Thongkhankham",
    "Ban Nakham",
    "Ban Donchan",
    "Ban Sibounheuang",
    "Ban Houayhong",
    "Ban Nahai",
    "Ban Phonsavanh",
    "Ban Nongduang",
    "Ban Pakxuang",
    "Ban Latkhang",
    "Ban Muangkham",
)
FIRST_NAMES = (
    "Somphone",
    "Bounmy",
    "Khamla",
    "Vanthong",
    "Souksavanh",
    "Phouthone",
    "Chanthala",
    "Keo",
    "Noy",
    "Sengdao",
    "Viengkham",
    "Thongsavath",
    "Malaythong",
    "Khamphet",
    "Nguyen Van An",
    "Tran Thi Hoa",
)
LAST_NAMES = (
    "Phommachanh",
    "Sisouphanh",
    "Vongsa",
    "Keomany",
    "Inthavong",
    "Phetsarath",
    "Souvannavong",
    "Chanthavong",
    "Douangmala",
    "Xayavong",
)
AGENCIES = (
    "Department of Health",
    "Department of Education and Sports",
    "Department of Finance",
    "Department of Justice",
    "Provincial Police",
    "Department of Home Affairs",
    "Department of Agriculture and Environment",
    "Provincial Tax Department",
)
CHECKPOINTS = (
    "Boten international checkpoint",
    "Pakbeng river port",
    "Muang Ngeun checkpoint",
    "Huay Xai bridge checkpoint",
    "Nam Soi checkpoint",
)
STATIONS = ("Luang Prabang town", "Nambak", "Pak Ou", "Xieng Ngeun", "Phonxay", "Nong Khiaw")
COMMODITIES = (
    "Rice (sticky, kg)",
    "Pork (kg)",
    "Chicken (kg)",
    "Fish (kg)",
    "Eggs (10)",
    "Cooking oil (l)",
    "Sugar (kg)",
    "Diesel (l)",
    "Petrol (l)",
    "Coffee beans (kg)",
    "Cassava (t)",
    "Maize (t)",
    "Rubber (t)",
    "Bananas (t)",
)
COMPANIES = (
    "Mekong Transport Co.",
    "Phousy Construction Ltd.",
    "Nam Khan Trading",
    "Lanexang Logistics",
    "Xieng Thong Services",
    "Golden Triangle Freight",
    "Lao-Viet Building Co.",
    "Phou Vao Engineering",
)
NATIONALITIES = (
    "Thai",
    "Vietnamese",
    "Chinese",
    "French",
    "American",
    "Korean",
    "Japanese",
    "British",
    "Australian",
    "German",
)

_CHOICES: dict[str, tuple[str, ...]] = {
    # places and people
    "district": DISTRICTS,
    "village": VILLAGES,
    "nationality": NATIONALITIES,
    "sex": ("male", "female"),
    "owner_name": tuple(f"{first} {last}" for first, last in zip(FIRST_NAMES, LAST_NAMES, strict=False)),
    "investor_country": ("China", "Thailand", "Vietnam", "Japan", "Korea", "France", "Singapore"),
    "destination": ("Thailand", "Korea", "Japan", "Malaysia"),
    "site": (
        "Kuang Si waterfall",
        "Pak Ou caves",
        "Mount Phousi",
        "Night market",
        "Provincial hall",
        "Northern bus station",
    ),
    "town": ("Luang Prabang town", "Nambak", "Nong Khiaw"),
    "zone": ("Zone A (town centre)", "Zone B (suburbs)", "Zone C (rural)", "Special economic zone"),
    "phone": ("071 212 345", "071 252 111", "020 5555 1234"),
    "url": (
        "https://lpb.gov.la",
        "https://health.lpb.gov.la",
        "https://edu.lpb.gov.la",
        "https://tax.lpb.gov.la",
    ),
    # organisations
    "agency": AGENCIES,
    "supplier": COMPANIES,
    "company": COMPANIES,
    "employer": COMPANIES,
    "holder": COMPANIES,
    "enterprise": COMPANIES,
    "investor": COMPANIES,
    "contractor": COMPANIES,
    "taxpayer": COMPANIES,
    "checkpoint": CHECKPOINTS,
    "station": STATIONS,
    "operator": ("LTC", "Unitel", "ETL", "TPlus"),
    "donor": ("World Bank", "ADB", "JICA", "KOICA", "EU", "UNICEF"),
    "ngo": ("Save the Children", "CARE", "Plan International", "World Vision"),
    "organisation": ("Women's Union", "Youth Union", "Red Cross", "Trade Union", "Provincial hospital"),
    "religious_organisation": (
        "Buddhist Fellowship Organisation",
        "Evangelical Church",
        "Catholic parish",
        "Baha'i community",
    ),
    "association": (
        "Provincial women entrepreneurs",
        "Coffee growers association",
        "Tour guides association",
    ),
    "firm": ("Luang Prabang law office", "Mekong legal services", "Xieng Thong lawyers"),
    "court": ("Provincial people's court", "Regional court", "District court"),
    "office": ("Provincial notary office", "Legal aid office", "District justice office"),
    "prison": ("Provincial prison", "Provincial re-education centre"),
    # police and justice
    "post": tuple(f"{d} police post" for d in DISTRICTS),
    "vehicle_type": ("motorcycle", "car", "pickup", "truck", "bus", "minivan"),
    "licence_class": ("A", "B", "C", "D", "E"),
    "cause": ("electrical fault", "cooking fire", "forest burning", "fuel leak", "unknown"),
    "offence_type": ("theft", "robbery", "fraud", "assault", "drug trafficking", "illegal logging"),
    "status": ("open", "closed", "in progress", "resolved"),
    "call_type": ("medical", "fire", "crime", "traffic", "other"),
    "item": ("motorcycle", "wallet", "mobile phone", "identity card", "bag"),
    "weapon_type": ("hunting rifle", "shotgun"),
    "incident": ("public order disturbance", "land dispute", "border incident", "protest"),
    "assessment": ("stable", "watch", "alert"),
    "protection_plan": ("Plan A", "Plan B", "Plan C"),
    "civil_event": ("birth", "death", "marriage", "divorce"),
    "case_type": ("civil", "criminal", "family", "commercial", "neglect", "abuse"),
    "document_title": (
        "Budget for 2026",
        "Traffic order in the town",
        "Protection of forests",
        "Tourism fees",
        "Market management",
    ),
    "asset": (
        "Land use right, 500 m2",
        "Seized vehicle",
        "Office building",
        "Toyota Hilux 2018",
        "Office computers",
    ),
    # health
    "facility": (
        "Provincial hospital",
        "Luang Prabang district hospital",
        "Nambak district hospital",
        "Ban Phonxay health centre",
        "Ban Nakham health centre",
        "Xieng Ngeun district hospital",
        "Pak Ou health centre",
    ),
    "facility_type": ("provincial hospital", "district hospital", "health centre", "private clinic"),
    "vaccine": ("BCG", "DTP-HepB-Hib 3", "MR 1", "OPV 3", "PCV 3"),
    "disease": (
        "dengue",
        "malaria",
        "diarrhoea",
        "influenza-like illness",
        "measles",
        "foot-and-mouth disease",
        "African swine fever",
        "avian influenza",
    ),
    "pharmacy": tuple(f"{v.replace('Ban ', '')} pharmacy" for v in VILLAGES[:8]),
    "medicine": (
        "Paracetamol 500 mg",
        "Amoxicillin 250 mg",
        "ORS sachet",
        "Artemether-lumefantrine",
        "Metformin 500 mg",
    ),
    "establishment": (
        "Night market food stall",
        "Central market butcher",
        "School canteen",
        "Riverside restaurant",
        "Bakery",
    ),
    "result": ("passed", "passed with remarks", "failed"),
    "insurance_scheme": ("National health insurance", "Civil servants", "Social security"),
    "regimen": ("TLD", "TLE", "AZT/3TC/NVP"),
    "diagnosis_code": ("J18.9", "A09", "A90", "B54", "I10", "E11.9"),
    "modality": ("CT", "X-ray", "ultrasound", "MRI"),
    # education
    "school": (
        "Ban Phonxay primary school",
        "Nambak lower secondary school",
        "Provincial upper secondary school",
        "Xieng Ngeun secondary school",
        "Ban Nakham primary school",
        "Pak Ou kindergarten",
    ),
    "level": ("kindergarten", "primary", "lower secondary", "upper secondary"),
    "semester": ("2024-S2", "2025-S1", "2025-S2"),
    "college": (
        "Provincial technical college",
        "Agriculture and forestry college",
        "Tourism and hospitality school",
    ),
    "programme": ("mechanics", "electrical work", "hospitality", "agriculture", "construction"),
    "budget_programme": ("school construction", "teacher training", "textbooks", "school meals"),
    "grade": ("P1", "P3", "P5", "M2", "M4", "M7"),
    "condition": ("good", "fair", "poor"),
    "venue": (
        "Provincial stadium",
        "Provincial library",
        "Royal Palace Museum",
        "Sports hall",
        "Children's library",
    ),
    "venue_type": ("football pitch", "swimming pool", "stadium", "sports hall"),
    "subject": ("Lao language", "mathematics", "physics", "history"),
    "qualification": ("certificate", "diploma", "bachelor", "master"),
    "paper_id": ("EX-01", "EX-02", "EX-03"),
    # finance and tax
    "chapter": (
        "Education",
        "Health",
        "Public works",
        "Defence and security",
        "Administration",
        "Agriculture",
    ),
    "source": ("Taxes", "Fees", "Natural resources", "Central transfers", "State assets"),
    "creditor": ("Central budget", "Commercial bank", "Development bank"),
    "account": ("Treasury main account", "Deposit account"),
    "salary_grade": ("I/1", "II/3", "III/5", "IV/2", "V/1"),
    "business_line": (
        "retail",
        "construction",
        "tourism",
        "agriculture",
        "transport",
        "manufacturing",
        "energy",
    ),
    "fee": ("Vehicle registration fee", "Land registration fee", "Business licence fee", "Court fee"),
    "priced_item": ("Electricity (kWh)", "Tap water (m3)", "Rice reserve (kg)", "School fee (term)"),
    "unit_name": ("kg", "l", "m3", "kWh", "t", "bag (50 kg)"),
    "finding": ("Unsupported expenditure", "Procurement irregularity", "Revenue not recorded"),
    "tax_type": ("VAT", "profit tax", "income tax", "excise tax", "fees"),
    "taxpayer_type": ("enterprise", "individual business"),
    # agriculture and environment
    "season": ("wet", "dry"),
    "crop": ("maize", "cassava", "coffee", "rubber", "bananas", "sesame"),
    "product": (
        "timber",
        "rattan",
        "bamboo shoots",
        "cardamom",
        "silk scarves",
        "woven baskets",
        "mulberry paper",
    ),
    "dealer": ("Green Farm Supply", "Mekong Agro", "Nambak Agri Shop"),
    "support": ("seeds", "fertiliser", "piglets", "irrigation pump", "training"),
    "scheme": ("Nam Khan weir", "Houay Mo reservoir", "Nam Ou pumping station"),
    "project": (
        "Nam Ou road upgrade",
        "Provincial hospital extension",
        "Airport terminal",
        "Market renovation",
        "Water supply expansion",
        "Kuang Si visitor centre",
        "Rubber plantation",
        "Hydropower station",
    ),
    "farm": ("Phou Khoun organic farm", "Ban Nakham vegetable group", "Xieng Ngeun coffee cooperative"),
    "land_use": ("rice field", "residential", "forest", "garden", "commercial"),
    "mineral": ("gold", "copper", "limestone", "sand and gravel"),
    "protected_area": ("Nam Et-Phou Louey", "Phou Loei", "Nam Khan watershed"),
    "category": ("national protected area", "provincial protected area", "watershed forest"),
    "scale": ("1:50,000", "1:100,000"),
    "sheet": ("E-48-7-A", "E-48-7-B", "E-48-8-C"),
    "decision": ("approved", "approved with conditions", "rejected"),
    # transport
    "road": (
        "National road 13N",
        "National road 4",
        "Provincial road 3702",
        "Sisavangvong road",
        "Phothisarath road",
    ),
    "road_class": ("national", "provincial", "district", "rural"),
    "surface": ("asphalt", "DBST", "gravel", "earth"),
    "bridge": ("Nam Khan bridge", "Old French bridge", "Mekong bridge", "Nam Ou bridge"),
    "route": ("Route 1: airport - centre", "Route 2: centre - Nambak", "Route 3: centre - Pak Ou"),
    "origin": ("Northern bus station", "Southern bus station", "Airport"),
    "terminus": ("Nambak", "Pak Ou", "Nong Khiaw", "Xieng Ngeun"),
    "mode": ("road", "river", "rail", "air"),
    "counter": ("13N km 5", "Phousy bridge", "Airport road"),
    "port": ("Pak Ou pier", "Ban Xieng Men ferry", "Nong Khiaw pier"),
    "river": ("Mekong", "Nam Ou", "Nam Khan"),
    # labour and social welfare
    "position": ("driver", "accountant", "waiter", "engineer", "nurse"),
    "disability": ("visual", "hearing", "physical", "intellectual"),
    "centre": ("Provincial skills centre", "Children's village", "Elderly care centre"),
    "trade": ("motorcycle repair", "tailoring", "cooking", "welding"),
    "merit_category": ("veteran", "martyr's family", "war invalid"),
    # culture and tourism
    "hotel": ("Mekong Riverside Hotel", "Nam Khan Guesthouse", "Phou Vao Hotel", "Old Town Inn"),
    "site_type": ("nature", "culture", "religion", "market"),
    "designation": ("UNESCO World Heritage", "national", "provincial"),
    "event": ("Boun Pi Mai", "That Luang festival", "Boat racing festival", "Hmong New Year", "Trade fair"),
    "competition": ("Provincial marathon", "Football cup", "Boat racing", "Petanque championship"),
    "outlet": ("Provincial radio", "Provincial TV", "Luang Prabang newspaper"),
    "media_type": ("radio", "television", "newspaper", "online"),
    "temple": ("Wat Xieng Thong", "Wat Mai", "Wat Visoun", "Wat Aham"),
    # industry and trade
    "market": ("Phosy market", "Night market", "Dara market", "Nambak market"),
    "commodity": COMMODITIES,
    "factory": ("Nam Khan brewery", "Provincial rice mill", "Phousy furniture"),
    "industry": ("food and beverages", "wood products", "textiles", "construction materials"),
    "fuel_station": ("PTT Phousy", "Lao State Fuel Nambak", "Petro Trade Airport road"),
    "complaint": ("short weight", "expired goods", "overpricing", "faulty product"),
    "producer_group": ("Ban Xang Hai weavers", "Ban Phanom silk group", "Ban Xang Khong paper makers"),
    # home affairs, planning, construction, communications
    "registration_no": ("AS-001", "AS-014", "AS-027"),
    "field_of_work": ("economy", "culture", "health", "education"),
    "religion": ("Buddhism", "Christianity", "Baha'i"),
    "course": ("Public administration", "IT skills", "English", "Leadership"),
    "award": ("Certificate of merit", "Labour medal", "Gold medal"),
    "service": (
        "Business licence",
        "Building permit",
        "Birth certificate",
        "Land title transfer",
        "Vehicle registration",
    ),
    "fonds": ("Governor's office 1975-1990", "Planning office 1991-2005"),
    "years": ("1975-1990", "1991-2005"),
    "ethnic_group": ("Lao", "Khmu", "Hmong", "Tai Lue", "Phounoy"),
    "economic_sector": ("agriculture", "industry", "services", "taxes on products"),
    "indicator": (
        "GDP growth",
        "Poverty rate",
        "Forest cover",
        "Primary enrolment",
        "Population",
        "Electricity access",
    ),
    "incentive": ("profit tax holiday", "import duty exemption", "land fee reduction"),
    "building_use": ("house", "shop house", "hotel", "warehouse"),
    "company_grade": ("grade 1", "grade 2", "grade 3"),
    "material": ("Cement (bag)", "Steel bar 12 mm (t)", "Sand (m3)", "Bricks (1000)"),
    "building": ("Provincial hall", "District office", "Culture hall", "Market building"),
    "plan": ("Town master plan 2035", "Nambak town plan 2030", "Nong Khiaw town plan 2030"),
    "drawing_id": ("DRW-001", "DRW-002"),
    "post_office": ("Central post office", "Nambak post office", "Airport post office"),
    "services": ("letters; parcels", "letters; parcels; money transfer"),
    "incident_type": ("phishing", "malware", "defacement"),
    "severity": ("low", "medium", "high"),
    # customs and statistics
    "hs_code": ("0901.11", "1006.30", "2710.19", "8703.23", "4403.49", "8517.13"),
    "goods": ("timber", "wildlife products", "cigarettes", "methamphetamine pills", "fuel"),
    "plate": ("LPB 1234", "VTE 5678", "29A-123.45", "กข 4567"),
    "checkpoint_type": ("international", "local", "traditional"),
    "opening_hours": ("06:00-22:00", "08:00-16:00"),
    "container_no": ("MSKU1234567", "TGHU7654321", "CMAU1112223"),
    "criteria": ("origin and HS code", "declared value"),
    "risk_level": ("red", "yellow", "green"),
    "item_group": ("food", "housing", "transport", "health", "education", "clothing"),
    "education": ("none", "primary", "secondary", "higher"),
}
IDENTIFIERS = (
    "record_id",
    "study_id",
    "scan_id",
    "profile_id",
    "enterprise_id",
    "asset_id",
    "parcel_id",
    "tower_id",
    "well_id",
    "tile_id",
    "point_id",
)
NUMBERS = ("licence_no", "permit_no", "contract_no", "document_no", "declaration_no")
GENERATED = (
    ("month", "week", "quarter", "timestamp", "full_name", "tin", "village_code") + IDENTIFIERS + NUMBERS
)


def _value(rng: random.Random, name: str, kind: str, row: int) -> Any:  # noqa: C901 - one table of rules
    if kind == "date":
        return datetime.date(2025, 1, 1) + datetime.timedelta(days=rng.randint(0, 360))
    if kind == "integer":
        if name == "year":
            return 2021 + row % 5
        if name in ("year_listed", "built_year"):
            return rng.randint(1960, 2024)
        if name in (
            "population",
            "male",
            "female",
            "households",
            "subscribers",
            "mobile",
            "fixed",
            "taxpayers",
            "employed",
            "arrivals",
            "passengers",
            "visits",
            "contributors",
        ):
            return rng.randint(1_000, 90_000)
        if name == "age":
            return rng.randint(1, 85)
        if name == "stars":
            return rng.randint(1, 5)
        if name in ("term_years", "years_of_service"):
            return rng.randint(2, 50)
        return rng.randint(0, 400)
    if kind == "number":
        if name.endswith("_percent"):
            return round(rng.uniform(2, 99), 1)
        if name == "latitude":
            return round(rng.uniform(19.6, 20.6), 5)
        if name == "longitude":
            return round(rng.uniform(101.9, 102.9), 5)
        if "kip" in name:
            return rng.randint(50, 500_000) * 10_000
        if "usd" in name:
            return rng.randint(10, 500_000) * 10
        if name in ("index_value",):
            return round(rng.uniform(95, 118), 1)
        if name in ("ph",):
            return round(rng.uniform(6.4, 8.4), 2)
        if name in ("temp_max_c",):
            return round(rng.uniform(24, 38), 1)
        if name in ("frequency_mhz",):
            return round(rng.uniform(88, 108), 1)
        return round(rng.uniform(0.5, 1500), 1)
    if name == "month":
        return f"2025-{row % 12 + 1:02d}"
    if name == "week":
        return f"2025-W{row + 30:02d}"
    if name == "quarter":
        return f"{2024 + (row + 2) // 4}-Q{(row + 2) % 4 + 1}"
    if name == "timestamp":
        return f"2026-11-20T{row % 24:02d}:{rng.choice((0, 15, 30, 45)):02d}:00"
    if name == "full_name":
        return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    if name in IDENTIFIERS:
        return f"{name.split('_')[0][:3].upper()}-{rng.randint(1, 999_999):06d}"
    if name in NUMBERS:
        return (
            f"{rng.randint(1, 9999):04d}/{rng.choice(('LPB', 'PG', 'DH', 'CUS'))}/{rng.randint(2019, 2025)}"
        )
    if name == "tin":
        return f"{rng.randint(100_000_000, 999_999_999)}000"
    if name == "village_code":
        return f"06{rng.randint(1, 12):02d}{rng.randint(1, 120):03d}"
    return rng.choice(_CHOICES[name])


# Counts that are a part of the count in the column before them (passed <= candidates, ...).
PARTS = (
    "passed",
    "resolved",
    "settled",
    "working",
    "female_teachers",
    "women",
    "failed",
    "overloaded",
    "deaths",
    "injured",
    "violations",
    "suspects",
    "unemployed",
    "cases_closed",
)


def _row(rng: random.Random, specs: list[list[str]], index: int) -> list[Any]:
    row: list[Any] = []
    for name, kind in specs:
        value = _value(rng, name, kind, index)
        if name in PARTS and row and isinstance(row[-1], int) and not isinstance(row[-1], bool):
            value = (
                rng.randint(0, max(row[-1] // 3, 1))
                if name in ("deaths", "failed", "overloaded", "violations", "suspects")
                else rng.randint(row[-1] // 2, row[-1])
            )
        row.append(value)
    return row


def table(entry: Entry) -> tuple[list[str], list[list[Any]]]:
    """Header and 5-20 rows of plausible data for an entry, columns = its required fields."""
    rng = random.Random(f"{SEED}:{entry.code}")
    specs = [f.split(":", 1) for f in entry.fields]
    rows = [_row(rng, specs, i) for i in range(rng.randint(5, 20))]
    if entry.dataset is not None and entry.dataset.issues:
        for row in rows[1::3]:  # every third row from the second leaves its last mandatory cell empty
            row[-1] = ""
    return [name for name, _ in specs], rows


def csv_bytes(entry: Entry) -> bytes:
    header, rows = table(entry)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([[v.isoformat() if isinstance(v, datetime.date) else v for v in row] for row in rows])
    return buffer.getvalue().encode("utf-8")


def xlsx_bytes(entry: Entry) -> bytes:
    import openpyxl

    header, rows = table(entry)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = entry.code
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    fixed = datetime.datetime(2026, 1, 1)
    book.properties.created = fixed
    book.properties.modified = fixed
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def file_bytes(entry: Entry, resource: ResourcePlan) -> bytes:
    return xlsx_bytes(entry) if resource.format == "XLSX" else csv_bytes(entry)


def filename(entry: Entry, resource: ResourcePlan) -> str:
    assert entry.dataset is not None
    return f"{entry.dataset.name}.{resource.format.lower()}"


def check() -> list[str]:
    """Problems with the plan (empty when it is consistent); used by tests and load()."""
    problems: list[str] = []
    for entry in entries():
        errors = class_errors(entry.classes())
        if errors:
            problems.append(f"{entry.code}: {errors}")
        plan = entry.dataset
        if plan and plan.workflow_status == "published" and not publishable(entry):
            problems.append(f"{entry.code}: published without passing the gate")
        if plan and plan.private != (plan.workflow_status != "published"):
            problems.append(f"{entry.code}: private flag does not follow the workflow status")
    return problems
