"""Forms of the district's target and budget pages. They parse and label input (percentages,
"year: value" lines); the services decide and refuse."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from greenledger.web.district.models import (
    BudgetMethod,
    OutputBasis,
    TargetMetric,
    TargetScope,
    TrajectoryMethod,
)
from greenledger.web.members.models import Site, SiteKind
from greenledger.web.reporting.forms import apply_service_errors

__all__ = ["BudgetPlanForm", "TargetForm", "apply_service_errors", "parse_year_values"]


def parse_year_values(text: str, *, scale: float = 1.0) -> dict[int, float]:
    """Lines "2022: -8" (or "2022 -8", "2022=-8") -> {2022: -8 * scale}; refuses a line that
    is not a year and a number, naming the line."""
    values: dict[int, float] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        parts = line.replace(":", " ").replace("=", " ").replace("：", " ").split()
        try:
            year, value = int(parts[0]), float(parts[1])
            if len(parts) != 2:
                raise ValueError
        except (IndexError, ValueError):
            raise ValidationError(
                _("Line %(line)s (%(text)s): write a year and a number, e.g. 2022: -8."),
                params={"line": number, "text": line},
            ) from None
        if year in values:
            raise ValidationError(
                _("Line %(line)s: the year %(year)s appears twice."),
                params={"line": number, "year": year},
            )
        values[year] = value * scale
    return values


class TargetForm(forms.Form):
    scope = forms.ChoiceField(label=_("Scope"), choices=TargetScope.choices)
    park = forms.ModelChoiceField(
        label=_("Industrial park"), queryset=Site.objects.none(), required=False
    )
    metric = forms.ChoiceField(
        label=pgettext_lazy("district target", "Indicator"), choices=TargetMetric.choices
    )
    base_year = forms.IntegerField(label=_("Base year"), min_value=1990, max_value=2100)
    target_year = forms.IntegerField(label=_("Target year"), min_value=1990, max_value=2100)
    change = forms.FloatField(
        label=_("Change from the base year (%)"),
        required=False,
        help_text=_("e.g. -13.5 for 13.5 % lower; leave empty when you give a level."),
    )
    level = forms.FloatField(
        label=_("Target level (in the indicator's unit)"),
        required=False,
        help_text=_("Instead of a change: the value to reach by the target year."),
    )
    method = forms.ChoiceField(label=_("Trajectory"), choices=TrajectoryMethod.choices)
    points = forms.CharField(
        label=_("Yearly points"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One line per year, e.g. 2022: -8. For a change target, the change from the base "
            "year in %; for a level target, the value. Only with the trajectory of yearly points."
        ),
    )
    output_basis = forms.ChoiceField(label=_("Output value"), choices=OutputBasis.choices)
    note = forms.CharField(
        label=_("Note (source or decision)"), required=False, widget=forms.Textarea({"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        park_field = self.fields["park"]
        assert isinstance(park_field, forms.ModelChoiceField)
        park_field.queryset = Site.objects.filter(kind=SiteKind.PARK).order_by("name_zh")

    def clean_points(self) -> dict[int, float]:
        return parse_year_values(self.cleaned_data.get("points") or "")

    def service_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        change = data.get("change")
        level = data.get("level")
        points = data.get("points") or {}
        if change is not None and level is None:
            points = {year: value / 100.0 for year, value in points.items()}
        return {
            "scope": data["scope"],
            "park": data.get("park"),
            "metric": data["metric"],
            "base_year": data["base_year"],
            "target_year": data["target_year"],
            "change": None if change is None else change / 100.0,
            "level": level,
            "method": data["method"],
            "points": points,
            "output_basis": data["output_basis"],
            "note": data.get("note") or "",
        }


class BudgetPlanForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    method = forms.ChoiceField(label=_("Allocation method"), choices=BudgetMethod.choices)
    base_year = forms.IntegerField(label=_("Base year"), min_value=1990, max_value=2100)
    first_year = forms.IntegerField(label=_("First year"), min_value=1990, max_value=2100)
    last_year = forms.IntegerField(label=_("Last year"), min_value=1990, max_value=2100)
    reduction_rate = forms.FloatField(
        label=_("Annual reduction rate (%)"),
        required=False,
        initial=0.0,
        help_text=_("Grandfathering and mix: base-year emissions fall by this much a year."),
    )
    weight = forms.FloatField(
        label=_("Weight of the grandfathered budget (0 to 1)"), required=False, initial=0.5
    )
    benchmark = forms.CharField(
        label=_("Intensity benchmark by year (tCO2e per 10^4 yuan)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One line per year, e.g. 2024: 1.5. Benchmark and mix only."),
    )
    caps = forms.CharField(
        label=_("District cap by year (tCO2e)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One line per year, e.g. 2024: 300000. Leave empty for no cap."),
    )
    scale_to_cap = forms.BooleanField(label=_("Scale the budgets to the cap"), required=False)

    def clean_benchmark(self) -> dict[int, float]:
        return parse_year_values(self.cleaned_data.get("benchmark") or "")

    def clean_caps(self) -> dict[int, float]:
        return parse_year_values(self.cleaned_data.get("caps") or "")

    def service_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        rate = data.get("reduction_rate")
        weight = data.get("weight")
        return {
            "name": data["name"],
            "method": data["method"],
            "base_year": data["base_year"],
            "first_year": data["first_year"],
            "last_year": data["last_year"],
            "reduction_rate": (rate or 0.0) / 100.0,
            "weight": 0.5 if weight is None else weight,
            "benchmark": data.get("benchmark") or {},
            "caps": data.get("caps") or {},
            "scale_to_cap": bool(data.get("scale_to_cap")),
        }
