"""Context of the panels the progress page includes (targets and budgets, whose templates the
targets-and-budgets part provides) and the names the decomposition's keys stand for."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language

from greenledger.web.district import progress_data
from greenledger.web.district.selectors import budgets, targets
from greenledger.web.members.models import Organisation, Site


def targets_context(
    park: Site | None, series: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """The active targets of the district (or the park) with their progress."""
    found = list(targets.active_targets(park=park))
    return {
        "targets": found,
        "target_progress": [targets.target_progress(t, series=series) for t in found],
    }


def budgets_context(year: int | None) -> dict[str, Any]:
    if year is None:
        return {}
    return {"budget_overview": budgets.budget_overview(year=year)}


def _english() -> bool:
    return (get_language() or "").startswith("en")


def enterprise_names(change: progress_data.Change) -> dict[str, str]:
    """Organisation id (as text, the facts' enterprise key) -> name in the page's language, for
    the enterprises the page lists (the top ones each way and the quadrant's points)."""
    keys: set[str] = set()
    if change.decomposition is not None:
        for direction in ("increase", "decrease"):
            keys.update(
                item.enterprise
                for item in progress_data.top_enterprises(
                    change.decomposition, direction=direction, count=progress_data.TOP_COUNT
                )
            )
    if change.coordinated is not None:
        keys.update(item.key for item in change.coordinated.enterprises)
    ids = [int(key) for key in keys if key.isdigit()]
    english = _english()
    return {
        str(pk): (en if english and en else zh)
        for pk, zh, en in Organisation.objects.filter(pk__in=ids).values_list(
            "pk", "name_zh", "name_en"
        )
    }


def park_names(parks: list[Site]) -> dict[str, str]:
    """Park id (as text, the facts' park key) -> name; "" (outside any park) included."""
    from django.utils.translation import gettext as _

    english = _english()
    names = {str(p.pk): (p.name_en if english and p.name_en else p.name_zh) for p in parks}
    names[""] = _("Outside any park")
    return names
