"""The configurable thresholds of every finance catalogue, as the settings page and API show
them: where the threshold sits (catalogue, category, criterion, entry or advanced value), its
wording and unit, the value the catalogue publishes (or none), whether it was checked against
the text, the deployment's value, the secretariat's setting in force (value, source note, who
set it and when) and the history of settings, newest first."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from greenledger.core.finance.catalogue import (
    FinanceCatalogue,
    Limit,
    available_catalogues,
    load_finance_catalogue,
)
from greenledger.web.finance.models import CatalogueSetting

__all__ = ["ConfigurableLimit", "configurable_limits", "setting_history"]


@dataclass(frozen=True)
class ConfigurableLimit:
    catalogue: str
    catalogue_title: str
    catalogue_title_en: str
    path: str
    role: str  # margin | threshold (entry value) | advanced
    category: str
    category_name: str
    category_name_en: str
    criterion: str
    metric: str
    unit: str
    limit: str  # max | min | "" (the margin)
    wording: str
    published: float | None  # the catalogue's own value, None when not published
    confirmed: bool
    source: str
    deployment: float | None  # settings.FINANCE_CATALOGUE_SETTINGS
    current: CatalogueSetting | None  # the newest row (None when never set)
    history: tuple[CatalogueSetting, ...]

    @property
    def in_force(self) -> float | None:
        if self.current is not None and self.current.value is not None:
            return self.current.value
        return self.deployment if self.deployment is not None else self.published


def _rows(key: str | None = None) -> dict[tuple[str, str], list[CatalogueSetting]]:
    found: dict[tuple[str, str], list[CatalogueSetting]] = defaultdict(list)
    rows = CatalogueSetting.objects.select_related("set_by").order_by("-id")
    if key is not None:
        rows = rows.filter(catalogue=key)
    for row in rows:
        found[(row.catalogue, row.path)].append(row)
    return found


def _entry(
    rules: FinanceCatalogue,
    limit: Limit,
    where: dict[str, Any],
    rows: dict[tuple[str, str], list[CatalogueSetting]],
) -> ConfigurableLimit:
    history = tuple(rows.get((rules.key, limit.path), ()))
    deployment = (getattr(settings, "FINANCE_CATALOGUE_SETTINGS", {}).get(rules.key) or {}).get(
        limit.path
    )
    return ConfigurableLimit(
        catalogue=rules.key,
        catalogue_title=rules.title,
        catalogue_title_en=rules.title_en,
        path=limit.path,
        limit=limit.limit,
        wording=limit.wording,
        published=limit.value,
        confirmed=limit.confirmed,
        source=limit.source.describe(rules.documents),
        deployment=float(deployment) if deployment is not None else None,
        current=history[0] if history else None,
        history=history,
        **where,
    )


def configurable_limits(key: str | None = None) -> list[ConfigurableLimit]:
    """Every configurable threshold (of catalogue ``key``, or of every catalogue)."""
    rows = _rows(key)
    found = []
    for catalogue_key in available_catalogues():
        if key is not None and catalogue_key != key:
            continue
        rules = load_finance_catalogue(catalogue_key)
        blank = {"category": "", "category_name": "", "category_name_en": ""}
        if rules.margin.configurable:
            found.append(
                _entry(
                    rules,
                    rules.margin,
                    {**blank, "role": "margin", "criterion": "", "metric": "", "unit": ""},
                    rows,
                )
            )
        for category in rules.categories:
            for criterion in category.criteria:
                where = {
                    "category": category.code,
                    "category_name": category.name,
                    "category_name_en": category.name_en,
                    "criterion": criterion.id,
                    "metric": criterion.metric,
                    "unit": criterion.unit,
                }
                for role, limit in (
                    ("threshold", criterion.threshold),
                    ("advanced", criterion.advanced),
                ):
                    if limit is not None and limit.configurable:
                        found.append(_entry(rules, limit, {**where, "role": role}, rows))
    return found


def setting_history(key: str, path: str) -> list[CatalogueSetting]:
    return list(
        CatalogueSetting.objects.filter(catalogue=key, path=path)
        .select_related("set_by")
        .order_by("-id")
    )
