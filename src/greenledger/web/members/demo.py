"""The demo district: a fictional, Pudong-like "Dongjiang New Area" (东江新区).

About 300 organisations of the four kinds with clearly fictional names, a dozen industrial parks
with factories and data centres in them, alliance memberships, and designations whose counts are
exactly those of the model district's green manufacturing system: 39 green factories, 8 green
supply chains, 22 green design products, 3 green parks, 4 zero-carbon factories, 2 zero-carbon
parks and 1 zero-carbon data centre, plus some recognitions. One account per role.

Deterministic (a fixed seed) and idempotent: every record is looked up by its natural key first,
so loading twice changes nothing (and appends nothing to the audit ledger).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from greenledger.core.registry.credit_code import make_code
from greenledger.web.audit.services import audit_append
from greenledger.web.members import services
from greenledger.web.members.models import (
    Designation,
    DesignationType,
    Membership,
    Organisation,
    OrganisationKind,
    Site,
    SiteKind,
)

SEED = 20_201_231
DISTRICT = "东江新区"
DISTRICT_EN = "Dongjiang New Area"
DIVISION = "310199"  # a fictional administrative division code for the fictional district
DEMO_PASSWORD = "greenledger-demo"

# The exact counts the demo carries (the model district at the end of the 13th Five-Year Plan).
DESIGNATION_COUNTS: dict[str, int] = {
    DesignationType.GREEN_FACTORY: 39,
    DesignationType.GREEN_SUPPLY_CHAIN: 8,
    DesignationType.GREEN_DESIGN_PRODUCT: 22,
    DesignationType.GREEN_PARK: 3,
    DesignationType.ZERO_CARBON_FACTORY: 4,
    DesignationType.ZERO_CARBON_PARK: 2,
    DesignationType.ZERO_CARBON_DATA_CENTER: 1,
}
RECOGNITION_COUNTS: dict[str, int] = {
    DesignationType.OUTSTANDING_GREEN_PARK: 2,
    DesignationType.ENERGY_SAVING_DEMO_BASE: 3,
    DesignationType.ZERO_CARBON_DEMO_UNIT: 5,
    DesignationType.GREEN_MANUFACTURING_DEMO_UNIT: 6,
}

# Fictional trade names (zh, en), combined with an industry to make enterprise names.
TRADE_NAMES = [
    ("青岚", "Qinglan"), ("澄湾", "Chengwan"), ("曜川", "Yaochuan"), ("溯光", "Suguang"),
    ("岱禾", "Daihe"), ("澜汀", "Lanting"), ("栖云", "Qiyun"), ("泓屿", "Hongyu"),
    ("晟岭", "Shengling"), ("沐川", "Muchuan"), ("绮峰", "Qifeng"), ("朗湖", "Langhu"),
    ("翠汐", "Cuixi"), ("星渚", "Xingzhu"), ("霁原", "Jiyuan"), ("拾穗", "Shisui"),
]  # fmt: skip
INDUSTRIES = [
    ("新能源科技", "New Energy Technology", "C3825"),
    ("精密制造", "Precision Manufacturing", "C3484"),
    ("生物医药", "Biopharmaceutical", "C2710"),
    ("集成电路", "Integrated Circuits", "C3973"),
    ("新材料科技", "Advanced Materials Technology", "C2653"),
    ("智能装备", "Intelligent Equipment", "C3491"),
    ("汽车零部件", "Auto Parts", "C3670"),
    ("绿色化工", "Green Chemicals", "C2614"),
    ("数据科技", "Data Technology", "I6450"),
    ("航空部件", "Aviation Components", "C3743"),
    ("环保科技", "Environmental Technology", "N7724"),
    ("食品", "Foods", "C1439"),
    ("纺织科技", "Textile Technology", "C1713"),
    ("光伏科技", "Photovoltaic Technology", "C3825"),
    ("储能科技", "Energy Storage Technology", "C3841"),
]
PARKS = [
    ("云杉", "Yunshan"), ("青石", "Qingshi"), ("白鹭", "Bailu"), ("银杏", "Yinxing"),
    ("海棠", "Haitang"), ("芦汀", "Luting"), ("潮音", "Chaoyin"), ("星河", "Xinghe"),
    ("枫湾", "Fengwan"), ("松岗", "Songgang"), ("竹溪", "Zhuxi"), ("兰苑", "Lanyuan"),
]  # fmt: skip
RESEARCH = ["低碳技术", "能源环境", "智能制造", "循环经济", "碳中和", "先进材料", "氢能"]
RESEARCH_EN = [
    "Low-Carbon Technology", "Energy and Environment", "Intelligent Manufacturing",
    "Circular Economy", "Carbon Neutrality", "Advanced Materials", "Hydrogen Energy",
]  # fmt: skip
FINANCE = [
    ("绿色发展银行", "Green Development Bank", "J6620"),
    ("碳金融基金", "Carbon Finance Fund", "J6720"),
    ("绿色保险", "Green Insurance", "J6820"),
]
SOCIAL = [
    ("节能协会", "Energy Conservation Association"),
    ("循环经济促进会", "Circular Economy Promotion Society"),
    ("绿色制造联合会", "Green Manufacturing Federation"),
    ("环保志愿者协会", "Environmental Volunteers Association"),
]

COUNCIL_MEMBERS = 20


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    note: str
    organisation_code: str | None = None


@dataclass
class DemoReport:
    created: dict[str, int] = field(default_factory=dict)
    users: list[DemoUser] = field(default_factory=list)
    tokens: dict[str, str] = field(default_factory=dict)

    def count(self, what: str, n: int = 1) -> None:
        self.created[what] = self.created.get(what, 0) + n


def demo_token(username: str) -> str:
    """The documented, deterministic API token of a demo account (demo databases only)."""
    return (
        "gl_demo_" + hashlib.sha256(f"greenledger-demo-token:{username}".encode()).hexdigest()[:32]
    )


def credit_code_for(kind_digit: str, number: int) -> str:
    return make_code(
        authority="9", category=kind_digit, division=DIVISION, org_body=f"{number:08d}"
    )


@dataclass(frozen=True)
class OrgSpec:
    key: str
    kind: str
    name_zh: str
    name_en: str
    credit_code: str
    industry_code: str
    published: bool = True


def _organisation_specs(rng: random.Random) -> list[OrgSpec]:
    specs: list[OrgSpec] = []
    number = 10_000
    for zh, en in PARKS:
        number += 1
        specs.append(
            OrgSpec(
                f"park:{en}", OrganisationKind.ENTERPRISE, f"{DISTRICT}{zh}园区发展有限公司",
                f"{DISTRICT_EN} {en} Park Development Co., Ltd.", credit_code_for("1", number),
                "L7221",
            )
        )  # fmt: skip
    combos = [(t, i) for t in TRADE_NAMES for i in INDUSTRIES]
    rng.shuffle(combos)
    for (tzh, ten), (izh, ien, code) in combos[:228]:
        number += 1
        specs.append(
            OrgSpec(
                f"ent:{ten}:{ien}", OrganisationKind.ENTERPRISE, f"东江{tzh}{izh}有限公司",
                f"Dongjiang {ten} {ien} Co., Ltd.", credit_code_for("1", number), code,
                published=rng.random() < 0.9,
            )
        )  # fmt: skip
    for index in range(25):
        number += 1
        zh, en = RESEARCH[index % len(RESEARCH)], RESEARCH_EN[index % len(RESEARCH)]
        tzh, ten = TRADE_NAMES[index % len(TRADE_NAMES)]
        specs.append(
            OrgSpec(
                f"res:{index}", OrganisationKind.RESEARCH, f"东江{tzh}{zh}研究院",
                f"Dongjiang {ten} Institute of {en}", credit_code_for("2", number), "M7320",
            )
        )  # fmt: skip
    for index in range(15):
        number += 1
        zh, en, code = FINANCE[index % len(FINANCE)]
        tzh, ten = TRADE_NAMES[(index * 3) % len(TRADE_NAMES)]
        specs.append(
            OrgSpec(
                f"fin:{index}", OrganisationKind.FINANCIAL, f"东江{tzh}{zh}",
                f"Dongjiang {ten} {en}", credit_code_for("1", number), code,
            )
        )  # fmt: skip
    for index in range(20):
        number += 1
        zh, en = SOCIAL[index // 5 % len(SOCIAL)]
        tzh, ten = TRADE_NAMES[index % len(TRADE_NAMES)]
        specs.append(
            OrgSpec(
                f"soc:{index}", OrganisationKind.SOCIAL, f"东江{tzh}{zh}",
                f"Dongjiang {ten} {en}", credit_code_for("3", number), "S9521",
            )
        )  # fmt: skip
    return specs


DEMO_USERS = [
    DemoUser("admin", "district_admin", "district administrator (also the Django admin)"),
    DemoUser("secretariat", "secretariat", "alliance secretariat"),
    DemoUser("manager", "enterprise_manager", "energy manager of the first green factory"),
    DemoUser("reporter", "enterprise_reporter", "reporter at the same enterprise"),
    DemoUser("evaluator", "evaluator", "evaluator assigned to a few enterprises"),
    DemoUser("evaluator2", "evaluator", "second evaluator (assessment reviews, panels)"),
    DemoUser("evaluator3", "evaluator", "third evaluator (deciding reviews, panels)"),
    DemoUser("evaluator4", "evaluator", "recognition panel member"),
    DemoUser("evaluator5", "evaluator", "recognition panel member"),
    DemoUser("analyst", "financial_analyst", "analyst at a green bank with sharing grants"),
    DemoUser("researcher", "researcher", "researcher at an institute (proposes technologies)"),
    DemoUser("social", "social_member", "staff of an industry association (a social organisation)"),
    DemoUser("public", "public", "a registered member of the public"),
]


class _Loader:
    def __init__(self) -> None:
        self.rng = random.Random(SEED)
        self.report = DemoReport()
        self.orgs: dict[str, Organisation] = {}

    def organisation(self, spec: OrgSpec, index: int) -> Organisation:
        existing = Organisation.objects.filter(credit_code=spec.credit_code).first()
        if existing is None:
            existing = services.organisation_create(
                actor=None, published=spec.published, kind=spec.kind, name_zh=spec.name_zh,
                name_en=spec.name_en, credit_code=spec.credit_code,
                industry_code=spec.industry_code, district=DISTRICT,
                address=f"{DISTRICT}示范路{index + 1}号", contact_name="联络人",
                contact_email=f"contact{index + 1}@example.org",
            )  # fmt: skip
            self.report.count("organisations")
        if not Membership.objects.filter(organisation=existing).exists():
            standing = "council_member" if index < COUNCIL_MEMBERS else "member"
            if index % 17 == 16:
                standing = "observer"
            services.membership_create(
                actor=None, organisation=existing, standing=standing,
                joined_on=dt.date(2019, 6, 1) + dt.timedelta(days=(index * 7) % 1800),
            )  # fmt: skip
            self.report.count("memberships")
        return existing

    def site(self, organisation: Organisation, name_zh: str, **values: Any) -> Site:
        existing = Site.objects.filter(organisation=organisation, name_zh=name_zh).first()
        if existing is not None:
            return existing
        self.report.count("sites")
        return services.site_create(
            actor=None, organisation=organisation, name_zh=name_zh, district=DISTRICT, **values
        )

    def designation(self, organisation: Organisation, type_: str, year: int, **values: Any):
        site = values.get("site")
        if Designation.objects.filter(
            organisation=organisation, site=site, type=type_, year=year
        ).exists():
            return
        if type_ in RECOGNITION_COUNTS:
            level, body = "district", f"{DISTRICT}管理委员会"
        elif type_.startswith("zero_carbon"):
            level, body = "municipal", "上海市经济和信息化委员会"
        else:
            level, body = "national", "工业和信息化部"
        services.designation_create(
            actor=None, organisation=organisation, type=type_, year=year, level=level,
            issuing_body=body, valid_from=dt.date(year, 12, 1),
            valid_until=dt.date(year + 3, 11, 30) if level != "national" else None,
            batch=values.pop("batch", ""), site=site,
        )  # fmt: skip
        self.report.count("designations")

    def load(self) -> DemoReport:
        specs = _organisation_specs(self.rng)
        for index, spec in enumerate(specs):
            self.orgs[spec.key] = self.organisation(spec, index)
        parks = []
        for zh, en in PARKS:
            owner = self.orgs[f"park:{en}"]
            parks.append(
                self.site(owner, f"{DISTRICT}{zh}产业园", name_en=f"{en} Industrial Park",
                          kind=SiteKind.PARK, address=f"{zh}路1号")
            )  # fmt: skip
        enterprises = [o for k, o in self.orgs.items() if k.startswith("ent:")]
        factories: list[Site] = []
        data_centres: list[Site] = []
        for index, organisation in enumerate(enterprises):
            park = parks[index % len(parks)] if index % 5 else None
            if organisation.industry_code.startswith("I"):
                data_centres.append(
                    self.site(organisation, f"{organisation.name_zh}数据中心",
                              name_en=f"{organisation.name_en} Data Centre",
                              kind=SiteKind.DATA_CENTRE, parent_park=park,
                              it_load_kw=Decimal(1200 + 400 * (index % 9)))
                )  # fmt: skip
            else:
                factories.append(
                    self.site(organisation, f"{organisation.name_zh}一号工厂",
                              name_en=f"{organisation.name_en} Plant No. 1",
                              kind=SiteKind.FACTORY, parent_park=park)
                )  # fmt: skip
        for key in [k for k in self.orgs if not k.startswith(("ent:", "park:"))]:
            organisation = self.orgs[key]
            self.site(organisation, f"{organisation.name_zh}办公楼", kind=SiteKind.OFFICE,
                      name_en=f"{organisation.name_en} Office")  # fmt: skip
        self._designations(factories, data_centres, parks)
        return self.report

    def _designations(self, factories: list[Site], dcs: list[Site], parks: list[Site]) -> None:
        batches = {2017: "第一批", 2018: "第三批", 2019: "第四批", 2020: "第五批"}
        # Municipal and district designations hold three years (valid_until), and the worker's
        # schedule expires them after that: the demo district's recent ones date from the last
        # two years, so its overview stays current whenever it is loaded.
        recent = timezone.localdate().year - 1
        green = factories[: DESIGNATION_COUNTS[DesignationType.GREEN_FACTORY]]
        for index, site in enumerate(green):
            year = 2017 + index % 4
            self.designation(site.organisation, DesignationType.GREEN_FACTORY, year,
                             site=site, batch=batches[year])  # fmt: skip
        for site in green[: DESIGNATION_COUNTS[DesignationType.ZERO_CARBON_FACTORY]]:
            self.designation(site.organisation, DesignationType.ZERO_CARBON_FACTORY, recent,
                             site=site, batch="创建型")  # fmt: skip
        for index, site in enumerate(factories[10 : 10 + 8]):
            self.designation(site.organisation, DesignationType.GREEN_SUPPLY_CHAIN,
                             2018 + index % 3, batch=batches[2018 + index % 3])  # fmt: skip
        for index, site in enumerate(factories[30 : 30 + 22]):
            year = 2017 + index % 4
            self.designation(site.organisation, DesignationType.GREEN_DESIGN_PRODUCT, year,
                             batch=batches[year])  # fmt: skip
        for index, park in enumerate(parks[:3]):
            self.designation(park.organisation, DesignationType.GREEN_PARK, 2018 + index,
                             site=park, batch=batches[2018 + index])  # fmt: skip
        for park in parks[:2]:
            self.designation(park.organisation, DesignationType.ZERO_CARBON_PARK, recent - 1,
                             site=park, batch="创建型")  # fmt: skip
        self.designation(dcs[0].organisation, DesignationType.ZERO_CARBON_DATA_CENTER, recent - 1,
                         site=dcs[0], batch="标杆型")  # fmt: skip
        for park in parks[3:5]:
            self.designation(park.organisation, DesignationType.OUTSTANDING_GREEN_PARK, recent - 1,
                             site=park)  # fmt: skip
        recognitions = [
            (DesignationType.ENERGY_SAVING_DEMO_BASE, factories[60:63]),
            (DesignationType.ZERO_CARBON_DEMO_UNIT, factories[63:68]),
            (DesignationType.GREEN_MANUFACTURING_DEMO_UNIT, factories[68:74]),
        ]
        for type_, sites in recognitions:
            for site in sites:
                self.designation(site.organisation, type_, recent - 1)


def demo_users(orgs: dict[str, Organisation]) -> dict[str, Organisation | None]:
    """Which organisation each demo account belongs to."""
    factory_owner = (
        Designation.objects.filter(
            type=DesignationType.GREEN_FACTORY, organisation__district=DISTRICT
        )
        .order_by("id")
        .first()
    )
    enterprise = factory_owner.organisation if factory_owner else None
    bank = orgs.get("fin:0")
    return {
        "manager": enterprise,
        "reporter": enterprise,
        "analyst": bank,
        "researcher": orgs.get("res:0"),
        "social": orgs.get("soc:0"),
    }


def demo_load() -> DemoReport:
    """Load (or complete) the demo district in one transaction; see the module docstring."""
    from greenledger.web.accounts import demo_accounts  # accounts depends on members
    from greenledger.web.alliance import demo as alliance_demo
    from greenledger.web.assessments import demo as assessments_demo
    from greenledger.web.district import demo as district_demo
    from greenledger.web.ecology import demo as ecology_demo
    from greenledger.web.finance import demo as finance_demo
    from greenledger.web.planning import demo as planning_demo
    from greenledger.web.products import demo as products_demo

    with transaction.atomic():
        loader = _Loader()
        report = loader.load()
        demo_accounts.load(report=report, organisations=loader.orgs, homes=demo_users(loader.orgs))
        assessments_demo.load(report=report)
        district_demo.load(report=report, organisations=loader.orgs)
        planning_demo.load(report=report)
        finance_demo.load(report=report)
        ecology_demo.load(report=report)
        products_demo.load(report=report)
        alliance_demo.load(report=report)
        _refresh_planner_statistics()
    return report


def _refresh_planner_statistics() -> None:
    """ANALYZE after the bulk load, on PostgreSQL: the planner otherwise plans the district's
    first queries with statistics from before the load (nested loops over thousands of rows
    estimated as one). Rows this transaction inserted count: ANALYZE samples them."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _synthetic_rows(count: int, start: int, rng: random.Random) -> Iterator[Organisation]:
    kinds = [OrganisationKind.ENTERPRISE] * 16 + [
        OrganisationKind.RESEARCH,
        OrganisationKind.FINANCIAL,
        OrganisationKind.SOCIAL,
    ]
    for number in range(start, start + count):
        tzh, ten = TRADE_NAMES[number % len(TRADE_NAMES)]
        izh, ien, code = INDUSTRIES[(number // len(TRADE_NAMES)) % len(INDUSTRIES)]
        yield Organisation(
            kind=rng.choice(kinds),
            name_zh=f"东江{tzh}{izh}第{number}号有限公司",
            name_en=f"Dongjiang {ten} {ien} No. {number} Co., Ltd.",
            credit_code=make_code(authority="9", category="1", division="310198",
                                  org_body=f"{number:08d}"),
            industry_code=code,
            district=DISTRICT,
            published=True,
        )  # fmt: skip


def organisations_bulk_create_synthetic(*, actor: Any, count: int, seed: int = SEED) -> int:
    """Add ``count`` synthetic published organisations (for load tests) in batches.

    Numbered after the synthetic organisations already present, so calling it again adds more.
    One audit entry records the whole batch. Returns the number created.
    """
    if count <= 0:
        return 0
    start = Organisation.objects.filter(credit_code__startswith="91310198").count() + 1
    rng = random.Random(seed + start)
    with transaction.atomic():
        rows = list(_synthetic_rows(count, start, rng))
        Organisation.objects.bulk_create(rows, batch_size=2000)
        audit_append(
            actor=actor,
            action="organisation_bulk_create",
            object_type=Organisation._meta.label_lower,
            object_id="",
            after={"count": count, "first_credit_code": rows[0].credit_code,
                   "last_credit_code": rows[-1].credit_code, "synthetic": True},
        )  # fmt: skip
    return count
