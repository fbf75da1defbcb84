"""The demo district's industry-ecology story (called from ``members.demo.demo_load`` last).

- Coordinates: every demo site without coordinates gets some inside Pudong (the core's district
  box, ``core/ecology/data/district.yaml``): the twelve parks at fixed points (``PARK_POINTS``,
  the demo's own choice), each park's tenants on a ring 0.6-1.3 km around it, the other sites
  scattered (a fixed seed). Sites that already have coordinates keep them.
- The symbiosis park (``story_park``: the first park by id with six factories of different
  enterprises in it) and one energy-manager account per enterprise taking part
  (``ACCOUNTS``, password ``DEMO_PASSWORD``, documented tokens):
  * ``eco_heat``'s factory offers waste heat, hot water at 120 °C returning at 70 °C, 2 MW,
    8,000 MWh a year; ``eco_neighbour``'s factory next door needs process heat at 80 °C,
    6,000 MWh a year. Their exchange is active (proposed by the neighbour, confirmed by the
    heat's owner) with the quantities of every month of 2025 recorded (``HEAT_RECORDS``:
    5,400 MWh, so the park's 2025 waste-heat utilisation is 5,400 / 8,000 = 0.675);
  * ``eco_ash``'s factory offers fly ash (441-001-S02, 1,000 t a year) and ``eco_cement``'s
    cement plant needs 800 t a year for cement blending: proposed by the cement plant, waiting
    for the ash's owner;
  * ``eco_oil``'s factory offers waste mineral oil (900-249-08, HW08) ANONYMOUSLY, and
    ``eco_recycler``'s factory, licensed for that code (a fictional licence number), needs it
    for regeneration: a candidate match nobody has proposed yet (the map draws it at the park).
- Green power (``eco_datacentre``, the zero-carbon data centre's enterprise): the data centre's
  2025 load as a reporting meter series (its IT load x a PUE of 1.3, a little higher in the
  afternoon), on-site solar (a daylight bell, ``SOLAR_PEAK_KW``), a green-power contract known
  only by its volume (spread flat and flagged), certificates of every month, a storage, and the
  hourly-matching run of 2025.
- The park pooled (``eco_park``, the park's operator): the 2025 meter series of the heat
  factory and its neighbour (``FACTORY_KW``: 20 % more from 8:00 to 20:00, 20 % less at night)
  and the park's own rooftop solar (``PARK_SOLAR_PEAK_KW``) matched hour by hour over the park,
  a surplus of one site covering another in the same hour (the other tenants stored no series
  and are named as left out).

All figures are the demo's own (fictional) choices. Everything goes through the services, as a
user's clicks would (audit entries included). Idempotent: each record is looked up by its
natural key first, so a second load writes nothing.
"""

from __future__ import annotations

import math
import random
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from greenledger.web.accounts import services as account_services
from greenledger.web.accounts.models import ApiToken, Role, User
from greenledger.web.accounts.tokens import token_digest
from greenledger.web.ecology.models import (
    CertificateVolume,
    CfeRun,
    Exchange,
    ExchangeRecord,
    ExchangeStatus,
    GreenSupply,
    Need,
    Offer,
    Storage,
)
from greenledger.web.ecology.services import exchanges, green_power, listings, records
from greenledger.web.members.demo import DEMO_PASSWORD, DISTRICT, DemoUser, demo_token
from greenledger.web.members.models import Designation, DesignationType, Site, SiteKind
from greenledger.web.reporting.models import MeterSeries
from greenledger.web.reporting.services.meters import meter_series_upload

SEED = 20_251_213
YEAR = 2025
PERIOD = {"start_month": "2025-01", "end_month": "2027-12"}
# The twelve parks (lat, lon), inside Pudong; the demo's own points, not real parks.
PARK_POINTS = (
    (31.2290, 121.6010), (31.2060, 121.6420), (31.1750, 121.5780), (31.1480, 121.6830),
    (31.2700, 121.6300), (31.1100, 121.7450), (31.0650, 121.8120), (31.2450, 121.7200),
    (31.1900, 121.7600), (31.0200, 121.8900), (30.9300, 121.9100), (31.2950, 121.5600),
)  # fmt: skip
SCATTER_BOX = (31.00, 31.30, 121.52, 121.85)  # sites outside the parks: lat, lat, lon, lon
ACCOUNTS = (
    ("eco_heat", "energy manager of a park factory offering 120 °C waste heat (ecology)"),
    ("eco_neighbour", "energy manager of the neighbouring factory needing 80 °C heat (ecology)"),
    ("eco_ash", "energy manager of a park factory offering fly ash (ecology)"),
    ("eco_cement", "energy manager of the cement plant that would take the fly ash (ecology)"),
    ("eco_oil", "energy manager of a factory offering waste oil anonymously (ecology)"),
    ("eco_recycler", "energy manager of the licensed waste-oil recycler (ecology)"),
    ("eco_datacentre", "energy manager of the zero-carbon data centre (green power)"),
    ("eco_park", "energy manager of the park's operator (the park's pooled green power)"),
)
HEAT_OFFER = "余热热水（演示）"
HEAT_NEED = "工艺用热（演示）"
ASH_OFFER = "粉煤灰（演示）"
ASH_NEED = "水泥掺合料（演示）"
OIL_OFFER = "废矿物油（演示）"
OIL_NEED = "废矿物油再生（演示）"
LICENCE = "沪环危证（演示，虚构）第0001号"
HEAT_RECORDS = tuple((f"{YEAR}-{m:02d}", 450.0) for m in range(1, 13))  # MWh a month
PUE = 1.3
SOLAR_PEAK_KW = 1500.0
CONTRACT = "东江海上风电购电协议（演示，仅知年电量）"
CONTRACT_MWH = 3000.0
CERTIFICATES_MWH = 250.0  # every month
FACTORY_KW = {"eco_heat": 2500.0, "eco_neighbour": 1800.0}
PARK_SOLAR_PEAK_KW = 4000.0
PARK_SOLAR = "园区屋顶光伏（演示）"
STORAGE = {"name": "储能（演示）", "capacity_mwh": 2.0, "power_mw": 1.0,
           "round_trip_efficiency": 0.85}  # fmt: skip


@dataclass
class Story:
    park: Site
    sites: dict[str, Site]  # account -> its factory (or data centre)
    users: dict[str, User]


def _coordinates(report: Any) -> None:
    """Coordinates for the district's sites that have none (see the module docstring)."""
    rng = random.Random(SEED)
    sites = list(Site.objects.filter(district=DISTRICT).order_by("pk"))
    parks = [s for s in sites if s.kind == SiteKind.PARK]
    points = {park.pk: PARK_POINTS[i % len(PARK_POINTS)] for i, park in enumerate(parks)}
    ring: dict[int, int] = {}
    changed = []
    for site in sites:
        if site.latitude is not None and site.longitude is not None:
            continue
        if site.pk in points:
            lat, lon = points[site.pk]
        elif site.parent_park_id in points:
            k = ring[site.parent_park_id] = ring.get(site.parent_park_id, 0) + 1
            angle = k * 2.399963  # the golden angle: tenants spread round the park
            radius_km = 0.6 + 0.7 * ((k * 0.618034) % 1.0)
            lat0, lon0 = points[site.parent_park_id]
            lat = lat0 + radius_km / 111.2 * math.sin(angle)
            lon = lon0 + radius_km / (111.2 * math.cos(math.radians(lat0))) * math.cos(angle)
        else:
            lat = rng.uniform(SCATTER_BOX[0], SCATTER_BOX[1])
            lon = rng.uniform(SCATTER_BOX[2], SCATTER_BOX[3])
        site.latitude, site.longitude = round(lat, 6), round(lon, 6)
        changed.append(site)
    if changed:
        Site.objects.bulk_update(changed, ["latitude", "longitude"], batch_size=500)
        report.count("site coordinates", len(changed))


def story_park() -> tuple[Site, list[Site]] | None:
    """The first park (by id) with six factories of six enterprises, and those factories."""
    parks = Site.objects.filter(district=DISTRICT, kind=SiteKind.PARK).order_by("pk")
    for park in parks:
        chosen: dict[int, Site] = {}
        tenants = Site.objects.filter(parent_park=park, kind=SiteKind.FACTORY).order_by("pk")
        for site in tenants:
            if site.organisation_id != park.organisation_id:
                chosen.setdefault(site.organisation_id, site)
        if len(chosen) >= 6:
            return park, list(chosen.values())[:6]
    return None


def _data_centre() -> Site | None:
    designation = (
        Designation.objects.filter(type=DesignationType.ZERO_CARBON_DATA_CENTER, site__isnull=False)
        .select_related("site")
        .order_by("pk")
        .first()
    )
    if designation is not None and designation.site is not None:
        return designation.site
    return Site.objects.filter(district=DISTRICT, kind=SiteKind.DATA_CENTRE).order_by("pk").first()


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


def _story(report: Any) -> Story | None:
    found, centre = story_park(), _data_centre()
    if found is None or centre is None:
        return None
    park, factories = found
    sites = dict(zip([name for name, _ in ACCOUNTS[:6]], factories, strict=True))
    sites["eco_datacentre"] = centre
    sites["eco_park"] = park
    users = {name: _account(report, name, note, sites[name]) for name, note in ACCOUNTS}
    return Story(park=park, sites=sites, users=users)


def _offer(report: Any, story: Story, who: str, name: str, **values: Any) -> Offer:
    site = story.sites[who]
    found = Offer.objects.filter(site=site, name=name).first()
    if found is None:
        found = listings.offer_create(actor=story.users[who], site=site, name=name, **values)
        report.count("ecology offers")
    return found


def _need(report: Any, story: Story, who: str, name: str, **values: Any) -> Need:
    site = story.sites[who]
    found = Need.objects.filter(site=site, name=name).first()
    if found is None:
        found = listings.need_create(actor=story.users[who], site=site, name=name, **values)
        report.count("ecology needs")
    return found


def _exchange(report: Any, story: Story, offer: Offer, need: Need, by: str) -> Exchange:
    found = Exchange.objects.filter(offer=offer, need=need).first()
    if found is None:
        found = exchanges.exchange_propose(actor=story.users[by], offer=offer, need=need)
        report.count("ecology exchanges")
    return found


def _symbiosis(report: Any, story: Story) -> None:
    heat = _offer(
        report, story, "eco_heat", HEAT_OFFER, kind="heat", supply_temp_c=120, return_temp_c=70,
        medium="hot water", capacity_mw=2, quantity=8000, **PERIOD,
    )  # fmt: skip
    heat_need = _need(
        report, story, "eco_neighbour", HEAT_NEED, kind="heat", process="process_heat",
        min_temp_c=80, quantity=6000, **PERIOD,
    )  # fmt: skip
    exchange = _exchange(report, story, heat, heat_need, "eco_neighbour")
    if exchange.status == ExchangeStatus.PROPOSED:
        exchanges.exchange_confirm(actor=story.users["eco_heat"], exchange=exchange)
        exchange.refresh_from_db()
    if not ExchangeRecord.objects.filter(exchange=exchange).exists():
        rows = [{"exchange": str(exchange.pk), "month": m, "quantity": q} for m, q in HEAT_RECORDS]
        records.records_save(actor=story.users["eco_neighbour"], rows=rows, source="form")
        report.count("ecology records", len(rows))
    ash = _offer(
        report, story, "eco_ash", ASH_OFFER, kind="solid_waste", code="441-001-S02",
        quantity=1000, current_route="landfill_mineral", **PERIOD,
    )  # fmt: skip
    cement = _need(
        report, story, "eco_cement", ASH_NEED, kind="solid_waste", process="cement_blending",
        quantity=800, **PERIOD,
    )  # fmt: skip
    _exchange(report, story, ash, cement, "eco_cement")
    _offer(
        report, story, "eco_oil", OIL_OFFER, kind="hazardous_waste", code="900-249-08",
        quantity=50, current_route="incineration_waste_oil", anonymous=True, **PERIOD,
    )  # fmt: skip
    _need(
        report, story, "eco_recycler", OIL_NEED, kind="hazardous_waste",
        process="waste_oil_regeneration", permit_codes="900-249-08", licence_number=LICENCE,
        quantity=120, **PERIOD,
    )  # fmt: skip


def _hours() -> list[tuple[str, int]]:
    """Every local hour of ``YEAR`` as (timestamp text, hour of day)."""
    import datetime as dt

    start = dt.datetime(YEAR, 1, 1)
    count = (dt.datetime(YEAR + 1, 1, 1) - start).days * 24
    stamps = (start + dt.timedelta(hours=i) for i in range(count))
    return [(f"{s:%Y-%m-%dT%H:%M}+08:00", s.hour) for s in stamps]


def load_kwh(it_load_kw: float, hour: int) -> float:
    """The data centre's load in one hour: IT load x PUE, 5 % more from 12:00 to 17:00."""
    return round(it_load_kw * PUE * (1.05 if 12 <= hour <= 17 else 1.0), 3)


def solar_kwh(hour: int, peak_kw: float = SOLAR_PEAK_KW) -> float:
    """On-site solar in one hour: a bell from 6:00 to 18:00 peaking at ``peak_kw``."""
    return round(max(0.0, peak_kw * math.sin((hour - 6) / 12 * math.pi)), 3)


def factory_kwh(base_kw: float, hour: int) -> float:
    """A factory's load in one hour: 20 % above its base from 8:00 to 20:00, 20 % below else."""
    return round(base_kw * (1.2 if 8 <= hour < 20 else 0.8), 3)


def _series_file(folder: str, name: str, header: str, rows: Any) -> Path:
    path = Path(folder) / name
    path.write_text(header + "\n" + "".join(f"{row}\n" for row in rows), encoding="utf-8")
    return path


def _pooled(report: Any, story: Story) -> None:
    park, operator = story.park, story.users["eco_park"]
    if CfeRun.objects.filter(site=park, year=YEAR, pooled=True).exists():
        return
    hours = _hours()
    with tempfile.TemporaryDirectory() as folder:
        for who, base_kw in FACTORY_KW.items():
            site = story.sites[who]
            if MeterSeries.objects.filter(site=site, year=YEAR).exists():
                continue
            rows = (f"总表,{stamp},{factory_kwh(base_kw, hour)}" for stamp, hour in hours)
            path = _series_file(folder, f"{who}.csv", "meter,timestamp,kwh", rows)
            meter_series_upload(actor=story.users[who], site=site, year=YEAR, path=path)
            report.count("meter series")
        if not GreenSupply.objects.filter(site=park, year=YEAR).exists():
            rows = (
                f"{stamp},{solar_kwh(hour, PARK_SOLAR_PEAK_KW)},{PARK_SOLAR}"
                for stamp, hour in hours
            )
            path = _series_file(folder, "park_solar.csv", "timestamp,kwh,source", rows)
            green_power.green_supply_upload(
                actor=operator, site=park, year=YEAR, kind="onsite", path=path,
                filename="park_solar.csv",
            )  # fmt: skip
            report.count("green supplies")
    green_power.cfe_run(actor=operator, site=park, year=YEAR)
    report.count("CFE runs")


def _green_power(report: Any, story: Story) -> None:
    site, actor = story.sites["eco_datacentre"], story.users["eco_datacentre"]
    if CfeRun.objects.filter(site=site, year=YEAR).exists():
        return
    it_load = float(site.it_load_kw or 1200)
    hours = _hours()
    with tempfile.TemporaryDirectory() as folder:
        if not MeterSeries.objects.filter(site=site, year=YEAR).exists():
            load = Path(folder) / "load.csv"
            load.write_text(
                "meter,timestamp,kwh\n"
                + "".join(f"总表,{stamp},{load_kwh(it_load, hour)}\n" for stamp, hour in hours),
                encoding="utf-8",
            )
            meter_series_upload(actor=actor, site=site, year=YEAR, path=load)
            report.count("meter series")
        if not GreenSupply.objects.filter(site=site, year=YEAR).exists():
            solar = Path(folder) / "solar.csv"
            solar.write_text(
                "timestamp,kwh,source\n"
                + "".join(f"{stamp},{solar_kwh(hour)},屋顶光伏（演示）\n" for stamp, hour in hours),
                encoding="utf-8",
            )
            green_power.green_supply_upload(
                actor=actor, site=site, year=YEAR, kind="onsite", path=solar, filename="solar.csv"
            )
            green_power.green_supply_flat(
                actor=actor, site=site, year=YEAR, source=CONTRACT, annual_mwh=CONTRACT_MWH
            )
            report.count("green supplies", 2)
    if not CertificateVolume.objects.filter(site=site, month__year=YEAR).exists():
        for month in range(1, 13):
            green_power.certificate_save(
                actor=actor, site=site, month=f"{YEAR}-{month:02d}", mwh=CERTIFICATES_MWH
            )
        report.count("certificate months", 12)
    if not Storage.objects.filter(site=site).exists():
        green_power.storage_save(actor=actor, site=site, **STORAGE)
        report.count("storage")
    green_power.cfe_run(actor=actor, site=site, year=YEAR)
    report.count("CFE runs")


def load(*, report: Any) -> None:
    """Load (or complete) the ecology story; see the module docstring."""
    _coordinates(report)
    story = _story(report)
    if story is None:
        return
    _symbiosis(report, story)
    _green_power(report, story)
    _pooled(report, story)
