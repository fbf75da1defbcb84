"""A financial institution's positions for PCAF: by form (``position_save``) or by file
(``portfolio_import``), both validated by the core (``core.finance.pcaf``) and all-or-nothing.

A borrower credit code that names a member is allowed only when that member shares its verified
inventories with the institution (``permissions.active_grants``, scope inventories); otherwise the
row is refused with its row and field. A shared member's verified inventory of the year (else its
newest verified one) replaces the emissions of the row, with the basis ``verified`` (PCAF score
1), and the read is logged through ``accounts.services.access_log``. An import replaces every
position of the institution for that year (the file is the year's book).

A position's ``catalogue_code`` is a category of the catalogue its ``catalogue`` column names
(``green_finance_2025`` when empty; ``green_bond_2021`` for legacy assets,
``shanghai_transition_2024`` for transition loans, which transition tracking then follows); an
unknown catalogue, a catalogue without a code or a code the catalogue does not have is refused
with its row and field.

A position may name the financing project it finances (``project``: a finance Project id): it
must be a project of the same member borrower that the institution may see, through a grant in
force covering projects (the enterprise's projects, or that project) or an interest the
enterprise accepted; otherwise the row is refused at the field ``project``.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import polars as pl
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from greenledger.core.errors import InputError, Problem
from greenledger.core.finance.pcaf import (
    PcafRules,
    PortfolioResult,
    financed,
    load_rules,
)
from greenledger.core.finance.pcaf import (
    Position as CorePosition,
)
from greenledger.core.finance.pcaf_portfolio import (
    HEADER_ALIASES,
    positions_from_frame,
    validate_portfolio,
)
from greenledger.core.registry import credit_code
from greenledger.core.tabular import SOURCE_ROW, read_table
from greenledger.web.accounts import permissions
from greenledger.web.audit.services import audit_append, snapshot
from greenledger.web.finance.models import (
    CarbonEffect,
    Interest,
    InterestStatus,
    PortfolioImport,
    Position,
    Project,
)
from greenledger.web.finance.services.position_catalogues import (
    DEFAULT_CATALOGUE,
    catalogues_of_rows,
)
from greenledger.web.members.models import Organisation
from greenledger.web.reporting.models import InventoryResult, Submission, SubmissionStatus
from greenledger.web.reporting.selectors import latest_inventory

# the verified inventory's total that PCAF attributes: GB/T 32150 (scope 1 and purchased energy)
VERIFIED_TOTAL = "gbt32150_co2e_t"
EXTRA_TEXT = ("use_of_proceeds", "carbon_effect", "project", "catalogue")
FORM_FILE = "form"
EXTRA_ALIASES = {
    "资金用途": "use_of_proceeds",
    "碳减排效应": "carbon_effect",
    "项目": "project",
    "项目编号": "project",
    "project_id": "project",
    "目录": "catalogue",
    "目录名称": "catalogue",
}


def _verified_inventory(member: Organisation, year: int) -> InventoryResult | None:
    submissions = Submission.objects.filter(
        organisation=member, status=SubmissionStatus.VERIFIED, year__lte=year
    ).order_by("-year")
    for submission in submissions[:5]:
        inventory = latest_inventory(submission)
        if inventory is not None and inventory.enterprise_totals.get(VERIFIED_TOTAL) is not None:
            return inventory
    return None


def _log_read(actor: Any, member: Organisation, inventory: InventoryResult, path: str) -> None:
    from greenledger.web.accounts.services import access_log

    access_log(user=actor, organisation=member, scope="inventories", obj=inventory, path=path)


def _borrowers(
    codes: list[tuple[int, str]], institution: Organisation, file: str
) -> tuple[dict[str, Organisation], list[Problem]]:
    """Members named by credit code (code -> member) and the rows naming an unshared member."""
    normalised = {row: credit_code.normalise(code) for row, code in codes if code}
    members = {
        o.credit_code: o
        for o in Organisation.objects.filter(credit_code__in=set(normalised.values()))
    }
    shared = set(
        permissions.active_grants(institution.pk, "inventories")
        .filter(organisation_id__in=[m.pk for m in members.values()])
        .values_list("organisation_id", flat=True)
    )
    problems = [
        Problem(
            _(
                "%(code)s is the credit code of the member %(member)s, which does not share its "
                "verified inventories with %(institution)s"
            )
            % {"code": code, "member": members[code], "institution": institution},
            file=file,
            row=row,
            column="borrower_code",
        )
        for row, code in normalised.items()
        if code in members and members[code].pk not in shared
    ]
    return members, problems


def _effect_problems(rows: list[tuple[int, str]], file: str) -> list[Problem]:
    allowed = [c.value for c in CarbonEffect if c.value]
    return [
        Problem(
            _("unknown carbon-reduction effect %(value)r (known: %(allowed)s, or empty)")
            % {"value": value, "allowed": ", ".join(allowed)},
            file=file,
            row=row,
            column="carbon_effect",
        )
        for row, value in rows
        if value and value not in allowed
    ]


def visible_project_ids(institution_id: int, project_ids: set[int]) -> set[int]:
    """Of ``project_ids``, the projects the institution may link a position to: a grant in force
    covering projects (all of the enterprise's, or the one it names), or an accepted interest."""
    projects = Project.objects.filter(pk__in=project_ids)
    grants = permissions.active_grants(institution_id, "projects")
    whole = grants.filter(project_ref__isnull=True).values("organisation_id")
    named = grants.filter(project_ref__isnull=False).values("project_ref")
    accepted = Interest.objects.filter(
        institution_id=institution_id, status=InterestStatus.ACCEPTED
    ).values("project_id")
    return set(
        projects.filter(
            Q(organisation_id__in=whole) | Q(pk__in=named) | Q(pk__in=accepted)
        ).values_list("pk", flat=True)
    )


def _projects(
    rows: list[tuple[int, str]],
    borrowers: list[Organisation | None],
    institution: Organisation,
    file: str,
) -> tuple[list[Project | None], list[Problem]]:
    """The project each row names (or None), and the rows naming one the institution may not
    link: not an id, not visible to it, or not a project of the row's member borrower."""
    ids: list[int | None] = []
    problems: list[Problem] = []
    for row, value in rows:
        if not value:
            ids.append(None)
        elif value.isdigit() and 0 < int(value) < 2**63:
            ids.append(int(value))
        else:
            ids.append(None)
            problems.append(
                Problem(
                    _("%(value)r is not a project number") % {"value": value},
                    file=file,
                    row=row,
                    column="project",
                )
            )
    wanted = {i for i in ids if i is not None}
    visible = visible_project_ids(institution.pk, wanted) if wanted else set()
    found = Project.objects.in_bulk(visible)
    projects: list[Project | None] = []
    for (row, _value), pk, borrower in zip(rows, ids, borrowers, strict=True):
        project = found.get(pk) if pk is not None else None
        projects.append(project)
        if pk is None:
            continue
        if project is None:
            reason = _(
                "project %(id)s is not a project %(institution)s may see: it needs the "
                "enterprise's grant in force covering projects, or an interest it accepted"
            ) % {"id": pk, "institution": institution}
        elif borrower is None or project.organisation_id != borrower.pk:
            reason = _(
                "project %(id)s (%(project)s) is not a project of the borrower: give the credit "
                "code of %(owner)s"
            ) % {"id": pk, "project": project.name, "owner": project.organisation}
        else:
            continue
        problems.append(Problem(reason, file=file, row=row, column="project"))
    problems.sort(key=lambda p: p.row or 0)
    return projects, problems


def _header(name: str) -> str:
    key = name.strip().lower().replace("(", "（").replace(")", "）")
    return EXTRA_ALIASES.get(key) or HEADER_ALIASES.get(key, key)


def _prepare(
    raw: pl.DataFrame,
    source: Path | pl.DataFrame,
    *,
    institution: Organisation,
    year: int,
    file: str,
    rules: PcafRules,
    catalogue: str,
) -> tuple[list[dict[str, Any]], dict[str, Organisation], list[InventoryResult | None]]:
    """Validated positions (as Position fields) of an all-text frame, or InputError."""
    names = {c: _header(c) for c in raw.columns if c != SOURCE_ROW}
    if len(set(names.values())) < len(names):  # the core names the column given twice
        validate_portfolio(raw, rules, file=file)
    frame = raw.rename(names)
    frame = frame.with_columns(
        pl.lit("").alias(c)
        for c in (
            "borrower_code",
            "emissions_tco2e",
            "emissions_basis",
            "catalogue_code",
            *EXTRA_TEXT,
        )
        if c not in frame.columns
    )
    if SOURCE_ROW in frame.columns:
        rows = [int(r) for r in frame[SOURCE_ROW].to_list()]
    else:
        rows = list(range(2, frame.height + 2))

    def column(name: str) -> list[str]:
        return [(v or "").strip() for v in frame[name].cast(pl.String).to_list()]

    codes = list(zip(rows, column("borrower_code"), strict=True))
    members, problems = _borrowers(codes, institution, file)
    effects = [v.lower() for v in column("carbon_effect")]
    problems += _effect_problems(list(zip(rows, effects, strict=True)), file)
    catalogues, catalogue_problems = catalogues_of_rows(
        list(zip(rows, column("catalogue"), column("catalogue_code"), strict=True)),
        catalogue,
        file,
    )
    problems += catalogue_problems
    # a shared member's verified inventory gives the emissions (basis verified, PCAF score 1)
    inventories: list[InventoryResult | None] = []
    borrowers: list[Organisation | None] = []
    for _row, code in codes:
        member = members.get(credit_code.normalise(code)) if code else None
        borrowers.append(member)
        inventories.append(_verified_inventory(member, year) if member is not None else None)
    projects, project_problems = _projects(
        list(zip(rows, column("project"), strict=True)), borrowers, institution, file
    )
    problems += project_problems
    verified = [
        None if i is None else str(float(i.enterprise_totals[VERIFIED_TOTAL])) for i in inventories
    ]
    if any(v is not None for v in verified):
        frame = (
            frame.with_columns(
                pl.Series("_verified", verified, dtype=pl.String),
            )
            .with_columns(
                pl.coalesce("_verified", "emissions_tco2e").alias("emissions_tco2e"),
                pl.when(pl.col("_verified").is_not_null())
                .then(pl.lit("verified"))
                .otherwise(pl.col("emissions_basis"))
                .alias("emissions_basis"),
            )
            .drop("_verified")
        )
    try:
        # each row's code is checked against its own catalogue above
        validated = validate_portfolio(frame, rules, file=file)
    except InputError as error:
        problems = [*error.problems, *problems]
        problems.sort(key=lambda p: (p.row or 0, p.column or ""))
        raise InputError(problems, headline=error.headline_message) from None
    if problems:
        raise InputError(problems)
    positions = positions_from_frame(validated)
    uses = column("use_of_proceeds")
    prepared: list[dict[str, Any]] = []
    for index, core in enumerate(positions):
        fields = {f.name: getattr(core, f.name) for f in dataclasses.fields(core)}
        fields["borrower_name"] = fields.pop("borrower")
        fields["borrower"] = borrowers[index]
        fields["use_of_proceeds"] = uses[index]
        fields["carbon_effect"] = effects[index]
        fields["project"] = projects[index]
        fields["catalogue"] = catalogues[index] if core.catalogue_code else ""
        prepared.append(fields)
    return prepared, members, inventories


def _computed(prepared: list[dict[str, Any]], rules: PcafRules) -> PortfolioResult:
    core = [
        CorePosition(
            **{
                f.name: (p["borrower_name"] if f.name == "borrower" else p[f.name])
                for f in dataclasses.fields(CorePosition)
            }
        )
        for p in prepared
    ]
    return financed(core, rules)


def _store(
    prepared: list[dict[str, Any]],
    result: PortfolioResult,
    *,
    institution: Organisation,
    year: int,
    imported: PortfolioImport | None,
) -> list[Position]:
    rows = result.table.select(
        "attribution_factor", "financed_tco2e", "data_quality_score"
    ).iter_rows()
    created = []
    for fields, (attribution, financed_t, score) in zip(prepared, rows, strict=True):
        created.append(
            Position(
                institution=institution,
                year=year,
                imported=imported,
                attribution_factor=attribution,
                financed_tco2e=financed_t,
                data_quality_score=score,
                **fields,
            )
        )
    return Position.objects.bulk_create(created)


def _totals_json(result: PortfolioResult) -> dict[str, Any]:
    return {**dataclasses.asdict(result.totals), "rules": "pcaf.yaml"}


def _require_manager(actor: Any, institution: Organisation) -> None:
    if not permissions.can_manage_portfolio(actor, institution):
        raise PermissionDenied


def portfolio_import(
    *, actor: Any, institution: Organisation, year: int, path: Path, filename: str
) -> PortfolioImport:
    """The year's positions from a CSV/XLSX file, all-or-nothing (InputError lists every
    problem with its row and field); replaces the institution's positions of that year."""
    _require_manager(actor, institution)
    rules = load_rules()
    raw = read_table(Path(path))
    prepared, _members, inventories = _prepare(
        raw,
        Path(path),
        institution=institution,
        year=year,
        file=filename,
        rules=rules,
        catalogue=DEFAULT_CATALOGUE,
    )
    result = _computed(prepared, rules)
    with transaction.atomic():
        Position.objects.filter(institution=institution, year=year).delete()
        imported = PortfolioImport.objects.create(
            institution=institution,
            year=year,
            original_filename=filename,
            sha256=hashlib.sha256(Path(path).read_bytes()).hexdigest(),
            rows=len(prepared),
            totals=_totals_json(result),
            created_by=actor,
            created_at=timezone.now(),
        )
        _store(prepared, result, institution=institution, year=year, imported=imported)
        for fields, inventory in zip(prepared, inventories, strict=True):
            if inventory is not None:
                _log_read(actor, fields["borrower"], inventory, f"portfolio import {imported.pk}")
        audit_append(actor=actor, action="portfolio_import", obj=imported, after=snapshot(imported))
    return imported


def position_save(*, actor: Any, institution: Organisation, year: int, **fields: Any) -> Position:
    """One position from a form (the same checks as a file row; an existing position of the same
    name and year is replaced). Refusals raise ValidationError by field."""
    _require_manager(actor, institution)
    rules = load_rules()
    raw = pl.DataFrame(
        {k: ["" if v is None else str(v)] for k, v in _form_fields(fields).items()},
        schema={k: pl.String for k in _form_fields(fields)},
    )
    try:
        prepared, _members, inventories = _prepare(
            raw,
            raw,
            institution=institution,
            year=year,
            file=FORM_FILE,
            rules=rules,
            catalogue=DEFAULT_CATALOGUE,
        )
    except InputError as error:
        from greenledger.web.reporting.templatetags.reporting_extras import problem_text

        by_field: dict[str, list[str]] = {}
        for problem in error.problems:
            by_field.setdefault(problem.column or "__all__", []).append(problem_text(problem))
        raise ValidationError(by_field) from None
    result = _computed(prepared, rules)
    with transaction.atomic():
        before = Position.objects.filter(
            institution=institution, year=year, position=prepared[0]["position"]
        ).first()
        if before is not None:
            before.delete()
        (saved,) = _store(prepared, result, institution=institution, year=year, imported=None)
        if inventories[0] is not None:
            _log_read(actor, prepared[0]["borrower"], inventories[0], f"position {saved.pk}")
        audit_append(
            actor=actor,
            action="position_save",
            obj=saved,
            before=snapshot(before) if before is not None else None,
            after=snapshot(saved),
        )
    return saved


FORM_FIELDS = (
    "position",
    "borrower",
    "borrower_code",
    "asset_class",
    "outstanding_yuan",
    "equity_yuan",
    "debt_yuan",
    "evic_yuan",
    "property_value_yuan",
    "revenue_yuan",
    "emissions_tco2e",
    "emissions_basis",
    "sector",
    "catalogue",
    "catalogue_code",
    "use_of_proceeds",
    "carbon_effect",
    "project",
)


def _form_fields(fields: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(FORM_FIELDS)
    if unknown:
        raise TypeError(f"unknown position fields: {', '.join(sorted(unknown))}")
    return {name: fields.get(name) for name in FORM_FIELDS}


def position_delete(*, actor: Any, position: Position) -> None:
    _require_manager(actor, position.institution)
    with transaction.atomic():
        audit_append(actor=actor, action="position_delete", obj=position, before=snapshot(position))
        position.delete()
