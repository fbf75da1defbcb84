"""Forms of the plan editor. They parse and label input (percentages, "year: value" and
"end use: share" lines); the services decide and refuse, naming the field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from greenledger.web.district.forms import parse_year_values
from greenledger.web.planning.end_uses import end_use_label
from greenledger.web.planning.models import MeasureEffect, TargetSource
from greenledger.web.reporting.forms import apply_service_errors

__all__ = [
    "CatalogueMeasureForm",
    "MeasureForm",
    "PlanNewForm",
    "PlanSettingsForm",
    "ScenarioForm",
    "apply_service_errors",
    "parse_shares",
    "shares_text",
]


def parse_shares(text: str) -> dict[str, float]:
    """Lines "motors_drives: 60" (percent) -> {"motors_drives": 0.6}; refuses a line that is not
    an end use and a number, naming the line."""
    shares: dict[str, float] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        parts = line.replace("：", ":").replace("=", ":").rsplit(":", 1)
        if len(parts) != 2:
            parts = line.rsplit(None, 1)
        try:
            name, value = parts[0].strip(), float(parts[1].strip().rstrip("%"))
            if not name:
                raise ValueError
        except (IndexError, ValueError):
            raise ValidationError(
                _("Line %(line)s (%(text)s): write an end use and a percentage, e.g. hvac: 40."),
                params={"line": number, "text": line},
            ) from None
        if name in shares:
            raise ValidationError(
                _("Line %(line)s: the end use %(end_use)s appears twice."),
                params={"line": number, "end_use": name},
            )
        shares[name] = value / 100.0
    return shares


def shares_text(shares: dict[str, float]) -> str:
    return "\n".join(f"{name}: {round(share * 100, 6):g}" for name, share in shares.items())


def year_lines(values: dict[int, float]) -> str:
    return "\n".join(f"{year}: {value:g}" for year, value in sorted(values.items()))


class PlanNewForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    start_year = forms.IntegerField(
        label=_("Start year"), min_value=1990, max_value=2100, required=False,
        help_text=_("Empty: the year after the inventory's."),
    )  # fmt: skip
    end_year = forms.IntegerField(label=_("End year"), min_value=1990, max_value=2100, initial=2060)


class PlanSettingsForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    start_year = forms.IntegerField(label=_("Start year"), min_value=1990, max_value=2100)
    end_year = forms.IntegerField(label=_("End year"), min_value=1990, max_value=2100)
    private_rate = forms.FloatField(
        label=_("Private discount rate (%)"), min_value=0, max_value=99.99
    )
    social_rate = forms.FloatField(
        label=_("Social discount rate (%)"), min_value=0, max_value=99.99
    )
    target_source = forms.ChoiceField(label=_("Targets from"), choices=TargetSource.choices)
    caps = forms.CharField(
        label=_("Own caps (t CO2e)"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_('One line a year, e.g. "2030: 5000".'),
    )  # fmt: skip
    intensities = forms.CharField(
        label=_("Own intensity caps (t CO2e per 10^4 yuan)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_('One line a year, e.g. "2035: 0.05".'),
    )
    budget_yuan = forms.FloatField(label=_("Total capex budget (yuan)"), required=False)
    annual_budget_yuan = forms.FloatField(label=_("Capex budget per year (yuan)"), required=False)
    max_adoptions_per_year = forms.IntegerField(
        label=_("Measures adopted per year at most"), required=False
    )

    def clean_caps(self) -> dict[int, float]:
        return parse_year_values(self.cleaned_data.get("caps") or "")

    def clean_intensities(self) -> dict[int, float]:
        return parse_year_values(self.cleaned_data.get("intensities") or "")

    def service_values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        caps: dict[int, float] = data.pop("caps")
        intensities: dict[int, float] = data.pop("intensities")
        data["private_rate"] = data["private_rate"] / 100.0
        data["social_rate"] = data["social_rate"] / 100.0
        data["targets"] = [
            {
                "year": year,
                "max_emissions_t": caps.get(year),
                "max_intensity_t_per_wan_yuan": intensities.get(year),
            }
            for year in sorted(set(caps) | set(intensities))
        ]
        return data

    @staticmethod
    def initial_of(plan: Any) -> dict[str, Any]:
        targets = plan.targets or []
        return {
            "name": plan.name,
            "start_year": plan.start_year,
            "end_year": plan.end_year,
            "private_rate": round(plan.private_rate * 100, 6),
            "social_rate": round(plan.social_rate * 100, 6),
            "target_source": plan.target_source,
            "caps": year_lines(
                {
                    t["year"]: t["max_emissions_t"]
                    for t in targets
                    if t.get("max_emissions_t") is not None
                }
            ),  # fmt: skip
            "intensities": year_lines(
                {
                    t["year"]: t["max_intensity_t_per_wan_yuan"]
                    for t in targets
                    if t.get("max_intensity_t_per_wan_yuan") is not None
                }
            ),  # fmt: skip
            "budget_yuan": plan.budget_yuan,
            "annual_budget_yuan": plan.annual_budget_yuan,
            "max_adoptions_per_year": plan.max_adoptions_per_year,
        }


class CatalogueMeasureForm(forms.Form):
    technology_id = forms.ChoiceField(label=_("Technology"))
    capacity = forms.FloatField(label=_("Capacity (the technology's unit)"), min_value=0)
    share = forms.FloatField(
        label=_("Share of the end use covered (%)"), required=False, min_value=0, max_value=100,
        help_text=_("Empty: the technology's maximum penetration."),
    )  # fmt: skip
    end_use = forms.ChoiceField(label=_("End use"), required=False)

    def __init__(self, *args: Any, technologies: Any = (), end_uses: Any = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        english = (get_language() or "").startswith("en")
        self.fields["technology_id"].choices = [
            (t.id, f"{t.name_en if english else t.name_zh} ({t.id})") for t in technologies
        ]
        self.fields["end_use"].choices = [("", _("The technology's end use"))] + [
            (name, end_use_label(name)) for name in end_uses
        ]

    def service_values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["share"] = None if data.get("share") is None else data["share"] / 100.0
        data["end_use"] = data.get("end_use") or None
        return data


class MeasureForm(forms.Form):
    measure_id = forms.CharField(label=_("Measure id"), max_length=80)
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    end_use = forms.ChoiceField(label=_("End use"))
    effect = forms.ChoiceField(
        label=_("Effect"), choices=MeasureEffect.choices, initial=MeasureEffect.ENERGY
    )
    saving_rate = forms.FloatField(label=_("Saving rate (%)"), min_value=0, max_value=100)
    capex_yuan = forms.FloatField(label=_("Capex (yuan)"), min_value=0)
    annual_opex_change_yuan = forms.FloatField(
        label=_("Change in operating cost (yuan a year)"), initial=0
    )
    lifetime_years = forms.IntegerField(label=_("Lifetime (years)"), min_value=1, max_value=100)
    group = forms.CharField(label=_("Exclusion group"), max_length=80, required=False)
    requires = forms.CharField(
        label=_("Prerequisites (measure ids, comma-separated)"), required=False
    )
    earliest_year = forms.IntegerField(label=_("Earliest year"), required=False)
    enabled = forms.BooleanField(label=_("Candidate"), required=False, initial=True)

    def __init__(self, *args: Any, end_uses: Any = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["end_use"].choices = [(name, end_use_label(name)) for name in end_uses]

    def service_values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["saving_rate"] = data["saving_rate"] / 100.0
        data["requires"] = [r.strip() for r in (data.get("requires") or "").split(",") if r.strip()]
        return data


class ScenarioForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    growth = forms.FloatField(label=_("Output growth a year (%)"), min_value=-99.99, max_value=100)
    grid_path = forms.ChoiceField(label=_("Grid electricity factor path"))
    energy_price_yuan_per_tce = forms.FloatField(
        label=_("Energy price (yuan/tce)"), required=False, min_value=0
    )
    carbon_price_yuan_per_t = forms.FloatField(
        label=_("Carbon price (yuan/t)"), min_value=0, initial=0
    )
    discount_rate = forms.FloatField(label=_("Discount rate (%)"), min_value=0, max_value=99.99)

    def __init__(self, *args: Any, paths: Any = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        english = (get_language() or "").startswith("en")
        self.fields["grid_path"].choices = [
            (p.key, p.name_en if english else p.name_zh) for p in paths
        ]

    def service_values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["growth"] = data["growth"] / 100.0
        data["discount_rate"] = data["discount_rate"] / 100.0
        return data
