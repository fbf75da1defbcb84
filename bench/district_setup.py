"""Data and the core steps for bench/district.py; runs in a subprocess with Django set up.

    python bench/district_setup.py ENTERPRISES REPEAT   (prints one JSON line at the end)

Migrates a fresh database, loads the demo district (accounts, the 12 parks, its own history),
adds ENTERPRISES synthetic enterprises with a factory in a park, and for each a verified
submission per year 2020-2025 whose inventory's per-line results come from
``core.batch.compute_batch`` (one call per year for all enterprises), stored as one Parquet file
per year shared by the year's inventory rows (the fact and restatement services match shared
files by enterprise name and year). Then times the steps (a)-(c) of bench/district.py beside
their Polars floors and mints a session for the persona the pages are read as.
"""

from __future__ import annotations

import hashlib
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent))
from accounting import LINES

YEARS = tuple(range(2020, 2026))
MONTHLY_YEAR = 2025
INDUSTRIES = ("C3825", "C3484", "C2710", "C3973", "C2653", "C3491", "C3670", "C2614", "I6450")
PERSONAS = ("secretariat",)


def _canonical(names: list[str], year: int) -> pl.DataFrame:
    """15 lines per enterprise: annual, or one per month for MONTHLY_YEAR (a twelfth each)."""
    from greenledger.core.intake import CANONICAL_SCHEMA

    enterprises = pl.DataFrame({"enterprise": names}).with_row_index("e")
    months = list(range(1, 13)) if year == MONTHLY_YEAR else [0]
    periods = pl.DataFrame({"month": months})
    kinds = pl.DataFrame({"activity": [a for a, _, _ in LINES],
                          "instrument": [i for _, i, _ in LINES],
                          "base": [q for _, _, q in LINES]})  # fmt: skip
    frame = enterprises.join(periods, how="cross").join(kinds, how="cross")
    spread = (pl.int_range(0, pl.len()).hash(year) % 3001).cast(pl.Float64) / 10000.0
    growth = 1.06 ** (year - YEARS[0]) * (0.985 ** (year - YEARS[0]))
    scale = pl.when(pl.col("month") == 0).then(12.0).otherwise(1.0) * growth
    period = (
        pl.when(pl.col("month") == 0)
        .then(pl.lit(str(year)))
        .otherwise(pl.format(f"{year}-{{}}", pl.col("month").cast(pl.String).str.zfill(2)))
    )
    return frame.select(
        "enterprise",
        pl.lit("").alias("site"),
        period.alias("period"),
        pl.lit(year, dtype=pl.Int32).alias("year"),
        "activity",
        (pl.col("base") * (0.85 + spread) * scale).alias("quantity"),
        "instrument",
        pl.lit(0.0).alias("removal_efficiency"),
        pl.lit(None, dtype=pl.Float64).alias("sulfur_percent"),
        pl.lit("").alias("technology"),
        pl.lit("").alias("product"),
        pl.lit("").alias("product_unit"),
        (pl.int_range(0, pl.len()).over("enterprise") + 1).cast(pl.Int64).alias("row"),
    ).cast(CANONICAL_SCHEMA)  # type: ignore[arg-type]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def load(enterprises: int) -> dict[str, Any]:
    import django
    from django.core.management import call_command

    django.setup()
    from django.conf import settings
    from django.db import connection, transaction
    from django.utils import timezone

    from greenledger.core.batch import compute_batch
    from greenledger.core.registry.credit_code import make_code
    from greenledger.web.accounts.models import User
    from greenledger.web.members.demo import DISTRICT, demo_load
    from greenledger.web.members.models import Organisation, OrganisationKind, Site, SiteKind
    from greenledger.web.reporting.models import (
        InventoryResult,
        Submission,
        SubmissionStatus,
        SubmissionVersion,
    )
    from greenledger.web.reporting.services._common import library
    from greenledger.web.reporting.services.inventory import accounting_context

    call_command("migrate", interactive=False, verbosity=0)
    started = time.perf_counter()
    demo_load()
    secretariat = User.objects.get(username="secretariat")
    parks = list(Site.objects.filter(kind=SiteKind.PARK).order_by("pk"))
    directory = Path(settings.PRIVATE_MEDIA_ROOT) / "inventories"
    directory.mkdir(parents=True, exist_ok=True)
    lines_total = lines_2025 = 0
    with transaction.atomic():
        organisations = Organisation.objects.bulk_create(
            Organisation(
                kind=OrganisationKind.ENTERPRISE, name_zh=f"东江基准第{n:05d}号有限公司",
                name_en=f"Dongjiang Bench No. {n:05d} Co., Ltd.",
                credit_code=make_code(authority="9", category="1", division="310197",
                                      org_body=f"{n:08d}"),
                industry_code=INDUSTRIES[n % len(INDUSTRIES)], district=DISTRICT, published=True,
            )
            for n in range(1, enterprises + 1)
        )  # fmt: skip
        Site.objects.bulk_create(
            Site(organisation=o, kind=SiteKind.FACTORY, name_zh=f"{o.name_zh}工厂",
                 district=DISTRICT, parent_park=parks[i % len(parks)])
            for i, o in enumerate(organisations)
        )  # fmt: skip
        moment = timezone.now()
        names = [o.name_zh for o in organisations]
        for year in YEARS:
            submissions = Submission.objects.bulk_create(
                Submission(organisation=o, year=year, status=SubmissionStatus.VERIFIED,
                           created_at=moment, updated_at=moment)
                for o in organisations
            )  # fmt: skip
            versions = SubmissionVersion.objects.bulk_create(
                SubmissionVersion(submission=s, number=1, created_by=secretariat,
                                  created_at=moment, submitted_at=moment,
                                  submitted_by=secretariat, frozen=True)
                for s in submissions
            )  # fmt: skip
            result = compute_batch(
                _canonical(names, year), library(), accounting_context(versions[0])
            )
            path = directory / f"bench-{year}.parquet"
            result.lines.write_parquet(path, compression="zstd")
            digest = _sha256(path)
            lines_total += result.lines.height
            if year == MONTHLY_YEAR:
                lines_2025 = result.lines.height
            context = {"region": "national", "year": year}
            InventoryResult.objects.bulk_create(
                InventoryResult(version=v, computed_at=moment,
                                factor_set_version=result.factor_set_version,
                                method_version=result.method_version, context=context,
                                line_count=result.lines.height // len(organisations),
                                lines_path=str(path), lines_sha256=digest)
                for v in versions
            )  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "load_seconds": round(time.perf_counter() - started, 1),
        "lines": lines_total,
        "lines_2025": lines_2025,
        "enterprises": enterprises,
        "paths": [str(directory / f"bench-{y}.parquet") for y in YEARS],
        "parks": [p.pk for p in parks],
    }


def vm_hwm_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def reset_peak() -> None:
    """Reset the process's peak resident set (VmHWM) to its current size (Linux)."""
    Path("/proc/self/clear_refs").write_text("5")


def steps(info: dict[str, Any], repeat: int) -> dict[str, Any]:
    from greenledger.core.model import LINE_FIGURES
    from greenledger.core.progress import decompose_frames
    from greenledger.core.progress.restate import restate_lines, restatement_basis
    from greenledger.web.accounts.models import User
    from greenledger.web.district.models import EnterpriseYearFact
    from greenledger.web.district.selectors import facts as selectors
    from greenledger.web.district.services.facts import facts_rebuild
    from greenledger.web.district.services.restatements import (
        available_bases,
        restatement_run,
        verified_base,
    )
    from greenledger.web.reporting.services._common import library

    secretariat = User.objects.get(username="secretariat")
    figures: dict[str, list[float]] = {}

    def timed(name: str, function: Any) -> Any:
        start = time.perf_counter()
        value = function()
        figures.setdefault(name, []).append(time.perf_counter() - start)
        return value

    sums = [pl.col(n).sum() for n in LINE_FIGURES]
    for _ in range(repeat):
        timed("rebuild", lambda: facts_rebuild(actor=secretariat))
        timed("rebuild_floor", lambda: pl.scan_parquet(info["paths"])
              .group_by("enterprise", "year").agg(sums).collect())  # fmt: skip
    tables = selectors.frames(years=[2020, 2025])
    energy = tables.energy
    for _ in range(repeat):
        timed("decomposition", lambda: selectors.decomposition(base_year=2020, year=2025))
        timed("decompose_core", lambda: decompose_frames(
            tables.enterprise_years, energy, base_year=2020, year=2025))  # fmt: skip
        for floor in ("decomposition_floor", "decompose_core_floor"):
            timed(floor, lambda: energy.group_by("enterprise", "year", "carrier").agg(
                pl.col("energy_tce").sum(), pl.col("energy_co2e_t").sum()))  # fmt: skip
    bases = {b.key: b for b in available_bases()}
    key = "newest" if "newest" in bases else next(iter(bases))
    context = restatement_basis(library(), key, base=verified_base())
    assert context is not None
    year_file = [p for p in info["paths"] if p.endswith(f"-{MONTHLY_YEAR}.parquet")][0]
    info["rss_before_restatement_mib"] = vm_hwm_mib()
    peak = 0.0
    for _ in range(repeat):
        reset_peak()
        timed("restatement", lambda: restatement_run(actor=secretariat, year=MONTHLY_YEAR,
                                                     basis=key))  # fmt: skip
        peak = max(peak, vm_hwm_mib())
        stored = pl.read_parquet(year_file)
        timed("restate_core", lambda s=stored: restate_lines(s, library(), context.context))
        del stored
        for floor in ("restatement_floor", "restate_core_floor"):
            timed(floor, lambda: pl.scan_parquet(year_file).group_by("enterprise").agg(sums)
                  .collect())  # fmt: skip
    info["restatement_peak_mib"] = peak
    info["restatement_basis"] = key
    fact_rows = pl.DataFrame(
        list(EnterpriseYearFact.objects.values_list("year", "energy_tce", "gbt32150_co2e_t",
                                                    "output_value_wan_yuan")),
        schema=["year", "energy_tce", "gbt32150_co2e_t", "output_value_wan_yuan"], orient="row",
    )  # fmt: skip
    for _ in range(repeat):
        timed("facts_floor", lambda: fact_rows.group_by("year").agg(pl.all().sum()))
    info["facts"] = fact_rows.height
    info["figures"] = figures
    info["repeat"] = repeat
    info["medians"] = {k: statistics.median(v) for k, v in figures.items()}
    return info


def sessions() -> dict[str, Any]:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from greenledger.web.accounts.models import User
    from greenledger.web.members.demo import demo_token

    cookies = {}
    for name in PERSONAS:
        user = User.objects.get(username=name)
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.save()
        cookies[name] = f"{settings.SESSION_COOKIE_NAME}={session.session_key}"
    return {"cookies": cookies, "tokens": {n: demo_token(n) for n in PERSONAS}}


def main() -> None:
    enterprises, repeat = int(sys.argv[1]), int(sys.argv[2])
    info = load(enterprises)
    info = steps(info, repeat)
    info.update(sessions())
    info["ids"] = {"park": info["parks"][0]}
    print(json.dumps(info))


if __name__ == "__main__":
    main()
