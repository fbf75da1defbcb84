"""The demo district's product-footprint and CBAM story (called from ``members.demo.demo_load``
after the district's verified history, which it builds on).

- The supplier (``prod_supplier``, the energy manager of the first advanced-materials maker,
  GB/T 4754 class C2653, whose 2025 inventory is verified) makes steel billet (钢坯, CN 7207 11 14)
  at its factory: the process "连铸" takes every non-electricity stream of the site's verified
  2025 inventory wholly and 90 % of its purchased electricity (the rest is the site's
  unattributed remainder), for ``BILLET_OUTPUT_T`` a year. Its footprint is computed and shared
  with the customer (a member) and, through a PACT client, with an outside EU importer.
- The customer (``prod_customer``, the energy manager of the first auto-parts maker, C3670, with a
  verified 2025 inventory) stamps steel brackets (钢支架, CN 7308 90 98) from the billet:
  ``BILLET_PER_BRACKET`` t of the supplier's shared billet per t, and 60 of 100 working days of
  its site (a stated key), for ``BRACKET_OUTPUT_T`` a year; its footprint is computed from the
  supplier's shared one.
- CBAM: both factories are installations with a 2025 report, verified by the evaluator assigned
  to the enterprise: the supplier's billet a simple good; the customer's bracket a complex good
  whose precursor is the supplier's billet (the SEEs of the supplier's verified report). The
  electricity factor of each report is the one the verified inventory used for purchased
  electricity (its tCO2e / MWh), with that as its source.

The outputs and the billet per bracket are the demo's own (fictional) figures; everything else
comes from the verified inventories and the core. Everything goes through the services, as a
user's clicks would (audit entries included). Idempotent: each record is looked up by its
natural key first, so a second load writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from greenledger.web.accounts import services as account_services
from greenledger.web.accounts.models import ApiToken, Assignment, Role, User
from greenledger.web.accounts.tokens import token_digest
from greenledger.web.members.demo import DEMO_PASSWORD, DISTRICT, DemoUser, demo_token
from greenledger.web.members.models import Organisation, Site, SiteKind
from greenledger.web.products.models import (
    AttributionBasis,
    CbamReport,
    CbamStatus,
    Footprint,
    FootprintShare,
    FootprintStatus,
    InputKind,
    Installation,
    PactClient,
    Process,
    Product,
)
from greenledger.web.products.selectors.attribution import (
    SiteInventory,
    verified_site_inventory,
)
from greenledger.web.reporting.models import Submission, SubmissionStatus

YEAR = 2025
PERIOD = "2025"
SUPPLIER_INDUSTRY = "C2653"
CUSTOMER_INDUSTRY = "C3670"
ACCOUNTS = (
    ("prod_supplier", "energy manager of the steel-billet maker (product footprints, PACT, CBAM)"),
    ("prod_customer", "energy manager of the auto-parts maker using the billet (footprints, CBAM)"),
)
BILLET = {"name": "钢坯（演示）", "name_en": "steel billet", "unit": "t",
          "cn_code": "72071114", "cpc_code": "41231"}  # fmt: skip
BRACKET = {"name": "汽车钢支架（演示）", "name_en": "steel bracket", "unit": "t",
           "cn_code": "73089098", "cpc_code": ""}  # fmt: skip
BILLET_PROCESS = "连铸（演示）"
BRACKET_PROCESS = "冲压（演示）"
BILLET_OUTPUT_T = 20_000.0
BRACKET_OUTPUT_T = 4_000.0
BILLET_PER_BRACKET = 1.05
ELECTRICITY_SHARE = 0.9
BRACKET_KEY = {"key": "working days", "value": 60.0, "of": 100.0}
SHARE_PURPOSE = "汽车钢支架的产品碳足迹（演示）"
# The supplier's PACT statements on the billet (the demo's own: what PACT requires and the
# platform does not compute): fossil carbon ~0.2 % of the steel (kgC per kg), nothing biogenic,
# no land-use emissions, and its PACT data-quality ratings (1 best - 3).
PACT_STATEMENTS = {
    "fossil_carbon_content": 0.002,
    "biogenic_carbon_content": 0.0,
    "biogenic_carbon_withdrawal": 0.0,
    "land_use": {"dLucGhgEmissions": 0.0, "landManagementGhgEmissions": 0.0,
                 "otherBiogenicGhgEmissions": 0.0},
    "biogenic_accounting_methodology": "ISO",
    "dqi": {"coveragePercent": 100.0, "technologicalDQR": 2.0, "temporalDQR": 1.0,
            "geographicalDQR": 2.0, "completenessDQR": 2.0, "reliabilityDQR": 2.0},
}  # fmt: skip
PACT_CUSTOMER = "Rheinauer Stahlhandel GmbH (demo EU importer)"
PACT_PURPOSE = "PACT footprint exchange with the EU importer (demo)"
DEMO_PACT_CLIENT_ID = "demo-pact-client-rheinauer"
INSTALLATIONS = {
    "prod_supplier": {"name_en": "Dongjiang billet casting plant (demo)",
                      "address_en": "Dongjiang New Area, Shanghai, China",
                      "unlocode": "CNSHA", "production_route": "continuous casting (demo)"},
    "prod_customer": {"name_en": "Dongjiang bracket stamping plant (demo)",
                      "address_en": "Dongjiang New Area, Shanghai, China",
                      "unlocode": "CNSHA", "production_route": "stamping (demo)"},
}  # fmt: skip


@dataclass
class Story:
    users: dict[str, User]
    sites: dict[str, Site]
    inventories: dict[str, SiteInventory]


def demo_pact_secret() -> str:
    """The documented secret of the demo's PACT client (demo databases only)."""
    return demo_token("pact:" + DEMO_PACT_CLIENT_ID)


def _candidate(industry: str, taken: set[int]) -> tuple[Site, SiteInventory] | None:
    """The first enterprise (by id) of ``industry`` with a verified 2025 inventory with
    electricity and another stream at its first factory, and no demo account of its own."""
    verified = Submission.objects.filter(year=YEAR, status=SubmissionStatus.VERIFIED).values(
        "organisation_id"
    )
    organisations = Organisation.objects.filter(
        district=DISTRICT, industry_code=industry, pk__in=verified
    ).order_by("pk")
    for organisation in organisations:
        if organisation.pk in taken or User.objects.filter(organisation=organisation).exists():
            continue
        site = (
            Site.objects.filter(organisation=organisation, kind=SiteKind.FACTORY)
            .order_by("pk")
            .first()
        )
        if site is None:
            continue
        inventory = verified_site_inventory(site=site, year=YEAR)
        if inventory is None:
            continue
        kinds = {stream.electricity for stream in inventory.streams if stream.co2e_t > 0}
        if kinds == {True, False}:
            return site, inventory
    return None


def _account(report: Any, username: str, note: str, site: Site) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = account_services.user_create(
            actor=None, username=username, password=DEMO_PASSWORD, role=Role.ENTERPRISE_MANAGER,
            organisation=site.organisation, email=f"{username}@example.org",
            check_password=False,
        )  # fmt: skip
        report.count("users")
    token = demo_token(username)
    if not ApiToken.objects.filter(token_hash=token_digest(token)).exists():
        account_services.api_token_create(actor=user, name="demo", token=token)
        report.count("api tokens")
    report.users.append(DemoUser(username, Role.ENTERPRISE_MANAGER, note))
    report.tokens[username] = token
    return user


def story_sites() -> dict[str, Site] | None:
    """The supplier's and the customer's factories (by account name), once the story is loaded
    (the accounts' enterprises), else the candidates."""
    sites: dict[str, Site] = {}
    for username, _note in ACCOUNTS:
        user = User.objects.filter(username=username).first()
        if user is None:
            return None
        site = (
            Site.objects.filter(organisation_id=user.organisation_id, kind=SiteKind.FACTORY)
            .order_by("pk")
            .first()
        )
        if site is None:
            return None
        sites[username] = site
    return sites


def _story(report: Any) -> Story | None:
    sites = story_sites()
    if sites is None:
        supplier = _candidate(SUPPLIER_INDUSTRY, set())
        if supplier is None:
            return None
        customer = _candidate(CUSTOMER_INDUSTRY, {supplier[0].organisation_id})
        if customer is None:
            return None
        sites = {"prod_supplier": supplier[0], "prod_customer": customer[0]}
    inventories = {}
    for who, site in sites.items():
        found = verified_site_inventory(site=site, year=YEAR)
        if found is None:
            return None
        inventories[who] = found
    users = {name: _account(report, name, note, sites[name]) for name, note in ACCOUNTS}
    return Story(users=users, sites=sites, inventories=inventories)


def _product(report: Any, story: Story, who: str, values: dict[str, str]) -> Product:
    from greenledger.web.products.services.catalogue import product_create

    site = story.sites[who]
    found = Product.objects.filter(site=site, name=values["name"]).first()
    if found is None:
        found = product_create(actor=story.users[who], site=site, **values)
        report.count("products")
    return found


def billet_streams(inventory: SiteInventory) -> list[dict[str, Any]]:
    """The billet process's shares: every non-electricity stream wholly, electricity 90 %."""
    return [
        {"line": s.line, "share": ELECTRICITY_SHARE if s.electricity else 1.0}
        for s in inventory.streams
    ]


def _process(report: Any, story: Story, who: str, product: Product, **values: Any) -> Process:
    from greenledger.web.products.services.catalogue import process_save

    found = Process.objects.filter(product=product, year=YEAR).first()
    if found is None:
        found = process_save(actor=story.users[who], product=product, year=YEAR, **values)
        report.count("processes")
    return found


def _footprints(report: Any, story: Story, who: str) -> None:
    from greenledger.web.products.services.footprints import footprint_compute

    organisation = story.sites[who].organisation
    if Footprint.objects.filter(
        product__organisation=organisation, year=YEAR, status=FootprintStatus.CURRENT
    ).exists():
        return
    created = footprint_compute(actor=story.users[who], organisation=organisation, year=YEAR)
    report.count("footprints", len(created))


def _share(report: Any, story: Story, product: Product, **whom: Any) -> FootprintShare:
    from greenledger.web.products.services.shares import share_grant

    found = FootprintShare.objects.filter(product=product, revoked_at__isnull=True, **whom).first()
    if found is None:
        purpose = PACT_PURPOSE if "client" in whom else SHARE_PURPOSE
        found = share_grant(
            actor=story.users["prod_supplier"], product=product, purpose=purpose, **whom
        )
        report.count("footprint shares")
    return found


def _pact_client(report: Any, story: Story) -> PactClient:
    """The outside importer's client with the documented demo id and secret."""
    from greenledger.web.products.services import pact

    organisation = story.sites["prod_supplier"].organisation
    found = PactClient.objects.filter(client_id=DEMO_PACT_CLIENT_ID).first()
    if found is None:
        found, _secret = pact.pact_client_create(
            actor=story.users["prod_supplier"], organisation=organisation, name=PACT_CUSTOMER,
            client_id=DEMO_PACT_CLIENT_ID, secret=demo_pact_secret(),
        )  # fmt: skip
        report.count("PACT clients")
    return found


def _pact_statements(report: Any, story: Story, product: Product) -> None:
    from greenledger.web.products.services import pact

    if not product.pact_statements:
        pact.pact_statements_set(
            actor=story.users["prod_supplier"], product=product, statements=PACT_STATEMENTS
        )
        report.count("PACT statements")


def electricity_ef(inventory: SiteInventory) -> tuple[float, str]:
    """The verified inventory's purchased-electricity factor (tCO2/MWh) and its source."""
    stream = next(s for s in inventory.streams if s.electricity)
    source = (
        f"verified {YEAR} inventory (factor set {inventory.inventory.factor_set_version}): "
        f"purchased electricity {stream.co2e_t:.4f} tCO2e / {stream.quantity:.4f} MWh"
    )
    return stream.co2e_t / stream.quantity, source


def evaluator_of(organisation_id: int) -> User | None:
    assignment = (
        Assignment.objects.filter(organisation_id=organisation_id, ended_at__isnull=True)
        .select_related("evaluator")
        .order_by("pk")
        .first()
    )
    return None if assignment is None else assignment.evaluator


def _cbam(report: Any, story: Story, who: str, process: Process) -> CbamReport | None:
    from greenledger.web.products.services import cbam

    site, actor = story.sites[who], story.users[who]
    installation = Installation.objects.filter(site=site).first()
    if installation is None:
        installation = cbam.installation_save(actor=actor, site=site, **INSTALLATIONS[who])
        report.count("CBAM installations")
    found = CbamReport.objects.filter(installation=installation, period=PERIOD).first()
    if found is not None and found.status == CbamStatus.VERIFIED:
        return found
    evaluator = evaluator_of(site.organisation_id)
    if evaluator is None:
        return found
    if found is None:
        factor, source = electricity_ef(story.inventories[who])
        found = cbam.cbam_report_save(
            actor=actor, installation=installation, period=PERIOD,
            inputs={"electricity_ef_tco2_per_mwh": factor, "electricity_ef_source": source,
                    "goods": [{"process": process.pk}]},
        )  # fmt: skip
        report.count("CBAM reports")
    if found.status in (CbamStatus.DRAFT, CbamStatus.RETURNED):
        found = cbam.cbam_report_submit(actor=actor, report=found)
    return cbam.cbam_report_verify(actor=evaluator, report=found)


def load(*, report: Any) -> None:
    """Load (or complete) the products story; see the module docstring."""
    story = _story(report)
    if story is None:
        return
    billet = _product(report, story, "prod_supplier", BILLET)
    billet_process = _process(
        report, story, "prod_supplier", billet, name=BILLET_PROCESS,
        annual_output=BILLET_OUTPUT_T, attribution_basis=AttributionBasis.SOURCE_STREAMS,
        attribution={"streams": billet_streams(story.inventories["prod_supplier"])},
    )  # fmt: skip
    _footprints(report, story, "prod_supplier")
    customer = story.sites["prod_customer"].organisation
    _share(report, story, billet, customer=customer)
    _share(report, story, billet, client=_pact_client(report, story))
    _pact_statements(report, story, billet)
    bracket = _product(report, story, "prod_customer", BRACKET)
    bracket_process = _process(
        report, story, "prod_customer", bracket, name=BRACKET_PROCESS,
        annual_output=BRACKET_OUTPUT_T, attribution_basis=AttributionBasis.STATED,
        attribution=BRACKET_KEY,
        inputs=[{"kind": InputKind.SUPPLIER, "product": billet.pk,
                 "amount": BILLET_PER_BRACKET}],
    )  # fmt: skip
    _footprints(report, story, "prod_customer")
    _cbam(report, story, "prod_supplier", billet_process)
    _cbam(report, story, "prod_customer", bracket_process)
