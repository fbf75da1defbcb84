"""The district pathway as the background job runs it, on a fresh SQLite database: N synthetic
enterprises' verified facts (bench/planning_district.py's enterprises, one fact row and its
carrier rows each) are written, then ``district_run_start`` queues a run and
``district_run_execute`` runs it in this process (the worker's task body: the fact table read,
the plans, pricing on two spawned processes, the selection, the result stored with every
enterprise's MACC steps).

Printed: the job's time in all and its parts (pricing, selection from the stored result; the
fact-table read timed apart), beside the core-only steps of bench/planning.py (e) as the
baseline: the difference is what the database and the result storage cost.

Usage: python bench/planning_district_job.py [--enterprises 2000] [--seed 2026]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
YEAR = 2025


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--enterprises", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="greenledger-planning-district-"))
    os.environ.update(
        DJANGO_SETTINGS_MODULE="greenledger.web.settings.base",
        GREENLEDGER_DATA_DIR=str(workdir),
        DATABASE_URL=f"sqlite:///{workdir / 'bench.sqlite3'}",
    )
    sys.path.insert(0, str(REPO / "src"))
    import django
    from django.core.management import call_command

    django.setup()
    from django.db import transaction
    from django.utils import timezone
    from planning_district import CAP_YEARS, synthetic_enterprises

    from greenledger.core.registry.credit_code import make_code
    from greenledger.web.accounts.models import Role
    from greenledger.web.accounts.services import user_create
    from greenledger.web.district.models import CarrierFact, EnterpriseYearFact, FactBasis
    from greenledger.web.members.models import Organisation, OrganisationKind
    from greenledger.web.planning.selectors.district_runs import district_enterprises
    from greenledger.web.planning.services.district_runs import (
        district_run_execute,
        district_run_start,
    )

    call_command("migrate", interactive=False, verbosity=0)
    secretariat = user_create(
        actor=None, username="bench-secretariat", password="bench-password-1", role=Role.SECRETARIAT
    )
    enterprises = synthetic_enterprises(args.enterprises, args.seed)
    moment = timezone.now()
    with transaction.atomic():
        organisations = Organisation.objects.bulk_create(
            Organisation(
                kind=OrganisationKind.ENTERPRISE, name_zh=f"规划基准第{n:05d}号有限公司",
                name_en=f"Planning Bench No. {n:05d} Co., Ltd.",
                credit_code=make_code(authority="9", category="1", division="310197",
                                      org_body=f"{n:08d}"),
                industry_code=industry, district="东江新区",
            )
            for n, (industry, *_rest) in enumerate(enterprises, start=1)
        )  # fmt: skip
        facts = EnterpriseYearFact.objects.bulk_create(
            EnterpriseYearFact(
                organisation=o, year=YEAR, basis=FactBasis.VERIFIED, industry_code=industry,
                industry_section=industry[0], output_value_wan_yuan=output,
                energy_tce=sum(c.energy_tce for c in carriers),
                energy_co2e_t=sum(c.emissions_t for c in carriers), non_energy_co2e_t=process,
                gbt32150_co2e_t=sum(c.emissions_t for c in carriers) + process,
                refreshed_at=moment,
            )
            for o, (industry, carriers, process, output) in zip(
                organisations, enterprises, strict=True
            )
        )  # fmt: skip
        CarrierFact.objects.bulk_create(
            CarrierFact(fact=f, carrier=c.carrier, energy_tce=c.energy_tce,
                        energy_co2e_t=c.emissions_t)
            for f, (_i, carriers, _p, _o) in zip(facts, enterprises, strict=True)
            for c in carriers
        )  # fmt: skip
    start = time.perf_counter()
    rows = district_enterprises(YEAR)
    read = time.perf_counter() - start
    total = sum(sum(c.emissions_t for c in e.carriers) + e.non_energy_t for e in rows)
    caps = {str(y): 0.9 * total for y in CAP_YEARS}
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} (1 min)")
    start = time.perf_counter()
    run = district_run_start(actor=secretariat, base_year=YEAR, caps=caps)
    status = district_run_execute(run.pk)
    seconds = time.perf_counter() - start
    run.refresh_from_db()
    result = run.result
    size = len(json.dumps(result)) / 1e6
    print(
        f"(f) district pathway job, {len(rows)} enterprises from the fact table (SQLite): "
        f"{status} in {seconds:.1f} s (target < 120 s on 2 cores): fact-table read "
        f"{read:.2f} s, pricing {result.get('pricing_seconds', 0):.1f} s on "
        f"{result.get('workers')} processes, selection {result.get('solve_seconds', 0):.2f} s "
        f"({result.get('status')}), result {size:.1f} MB of JSON with "
        f"{len(result.get('macc', [])):,} MACC steps; error: {run.error or 'none'}"
    )


if __name__ == "__main__":
    main()
