"""Green-power test data, figured by hand (year 2025: 365 days, 8,760 hours, China Standard Time).

- ``load_csv``: a meter series of 1,000 kWh (1 MWh) every hour: 8,760 MWh a year
  (``skip`` leaves hours out to make a gap).
- ``solar_csv``: on-site solar of 2,000 kWh (2 MWh) in the local hours 10, 11, 12 and 13 of every
  day and nothing otherwise: 8 MWh a day, 2,920 MWh a year.

With the load and the solar alone, each day matches 4 x 1 MWh = 4 MWh and leaves 4 MWh of
surplus, so the CFE score is 4 x 365 / 8,760 = 1/6, the annual-matching share
2,920 / 8,760 = 1/3, 7,300 MWh are unmatched (365 MWh in each of the 20 other hours of the day),
and at the East China grid factor of the library (0.5500 tCO2/MWh, 2023) they emit 4,015 t.
A flat contract of 876 MWh adds 0.1 MWh to every hour: it is used in the 20 unmatched hours of
each day (730 MWh), so the score becomes (1,460 + 730) / 8,760 = 0.25 and the annual share
(2,920 + 876) / 8,760 = 0.433333. A storage of 4 MWh and 2 MW at 100 % round trip takes the
4 MWh of each day's surplus and gives it back in hours 14..17: the score of the load and solar
becomes 8 x 365 / 8,760 = 1/3.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from greenledger.web.accounts import services as account_services
from greenledger.web.accounts.models import Role, User
from greenledger.web.members.models import Site
from greenledger.web.reporting.services.meters import meter_series_upload
from tests.web.conftest import PASSWORD, World

YEAR = 2025
HOURS = 8760
SOLAR_HOURS = (10, 11, 12, 13)


def _hours(year: int = YEAR) -> list[dt.datetime]:
    start = dt.datetime(year, 1, 1)
    count = (dt.datetime(year + 1, 1, 1) - start).days * 24
    return [start + dt.timedelta(hours=i) for i in range(count)]


def load_csv(path: Path, *, kwh: float = 1000.0, skip: int = 0, meter: str = "M1") -> Path:
    lines = ["meter,timestamp,kwh"] + [
        f"{meter},{stamp:%Y-%m-%d %H:%M},{kwh}"
        for i, stamp in enumerate(_hours())
        if not (100 <= i < 100 + skip)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def solar_csv(path: Path, *, year: int = YEAR, kwh: float = 2000.0) -> Path:
    lines = ["timestamp,kwh"] + [
        f"{stamp:%Y-%m-%dT%H:%M}+08:00,{kwh if stamp.hour in SOLAR_HOURS else 0}"
        for stamp in _hours(year)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def store_load(actor: Any, site: Site, directory: Path, **kwargs: Any) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    meter_series_upload(
        actor=actor, site=site, year=YEAR, path=load_csv(directory / "load.csv", **kwargs)
    )


def park_manager(world: World) -> User:
    """An enterprise manager of company C, the operator of the park ``world.park``."""
    return account_services.user_create(
        actor=None,
        username="park-manager",
        password=PASSWORD,
        role=Role.ENTERPRISE_MANAGER,
        organisation=world.company_c,
    )


@pytest.fixture
def private(settings: Any, tmp_path: Path) -> Path:
    """Private files (meter series, supply series) under the test's own folder."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return Path(settings.PRIVATE_MEDIA_ROOT)
