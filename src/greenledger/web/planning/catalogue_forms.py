"""Forms of the catalogue pages: the catalogue's filters, a technology proposal and a case
result. A form only turns the fields into the record the services check (the checks themselves
are the core catalogue parser's and the services'); a service's refusal of ``record.<field>``
lands on the form field that holds it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from greenledger.core.planning.catalogue import CARRIERS, EFFECTS, END_USES, Catalogue
from greenledger.web.planning.selectors.catalogue import industry_filter_problem
from greenledger.web.planning.services.catalogue import CASE_NUMBERS

__all__ = [
    "CaseForm",
    "CatalogueFilterForm",
    "TechnologyForm",
    "apply_errors",
    "initial_from_record",
]

OWN_SOURCE = "own"
INDUSTRY_MESSAGE = _(
    "%(value)s is not a GB/T 4754-2017 code: a section letter A-T, then 2, 3 or 4 digits "
    "(C, C30, C3011)."
)
_SOURCE_PARTS = ("issuer", "title", "document", "edition")


def _choices(values: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(value, value) for value in values]


def _listed(text: str) -> list[str]:
    return [part.strip() for part in text.replace("，", ",").split(",") if part.strip()]


class CatalogueFilterForm(forms.Form):
    industry = forms.CharField(
        label=_("Industry (GB/T 4754 code)"), required=False, max_length=5,
        widget=forms.TextInput(attrs={"placeholder": "C30"}),
    )  # fmt: skip
    end_use = forms.ChoiceField(label=_("End use"), required=False)
    source = forms.ChoiceField(label=_("Source catalogue"), required=False)
    confirmed = forms.ChoiceField(
        label=_("Figures"),
        required=False,
        choices=[("", _("all")), ("yes", _("confirmed")), ("no", _("unconfirmed"))],
    )
    q = forms.CharField(label=_("Search"), required=False, max_length=100)

    def __init__(self, *args: Any, catalogue: Catalogue, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        every = [("", _("all"))]
        self.fields["end_use"].choices = every + _choices(END_USES)  # type: ignore[attr-defined]
        self.fields["source"].choices = every + [  # type: ignore[attr-defined]
            (s.key, f"{s.title} ({s.edition})") for s in catalogue.sources
        ]

    def clean_industry(self) -> str:
        value = str(self.cleaned_data["industry"])
        if industry_filter_problem(value):
            raise ValidationError(INDUSTRY_MESSAGE % {"value": value})
        return value.strip().upper()

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        confirmed = {"yes": True, "no": False}.get(data["confirmed"])
        return {
            "industry": data["industry"],
            "end_use": data["end_use"],
            "source": data["source"],
            "confirmed": confirmed,
            "q": data["q"],
        }


class TechnologyForm(forms.Form):
    technology_id = forms.SlugField(
        label=_("Technology id"), max_length=80,
        help_text=_("Lowercase letters, digits and underscores, e.g. kiln_heat_cascade."),
    )  # fmt: skip
    name_zh = forms.CharField(label=_("Name (Chinese)"), max_length=200)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200)
    source_key = forms.ChoiceField(label=_("Source"))
    source_issuer = forms.CharField(label=_("Issuer of your source"), required=False)
    source_title = forms.CharField(label=_("Title of your source"), required=False)
    source_document = forms.CharField(label=_("Document number"), required=False)
    source_edition = forms.CharField(label=_("Edition"), required=False)
    item = forms.CharField(label=_("Item or table in the source"), max_length=200)
    confirmed = forms.BooleanField(
        label=_("Every figure was checked against the source"), required=False
    )
    note = forms.CharField(
        label=_("Where the figures come from"), widget=forms.Textarea(attrs={"rows": 3})
    )
    industries = forms.CharField(
        label=_("Industries (GB/T 4754 sections or divisions, comma-separated, or all)")
    )
    end_use = forms.ChoiceField(label=_("End use"), choices=_choices(END_USES))
    carrier = forms.ChoiceField(label=_("Energy carrier"), choices=_choices(CARRIERS))
    effect = forms.ChoiceField(label=_("Effect"), choices=_choices(EFFECTS))
    saving_kind = forms.ChoiceField(
        label=_("Saving given as"),
        choices=[
            ("saving_rate", _("a share of the covered energy (0..1)")),
            ("absolute_saving_tce_per_unit", _("tce a year per unit of capacity")),
        ],
    )
    saving_value = forms.FloatField(label=_("Saving"))
    capacity_unit = forms.CharField(label=_("Capacity unit"), max_length=80)
    capex_yuan_per_unit = forms.FloatField(label=_("Capex per unit (yuan)"))
    opex_change_yuan_per_unit = forms.FloatField(
        label=_("Change in operating cost per unit (yuan a year)")
    )
    lifetime_years = forms.IntegerField(label=_("Lifetime (years)"))
    lead_time_years = forms.IntegerField(label=_("Lead time (years)"))
    max_penetration = forms.FloatField(label=_("Maximum penetration (0..1)"))
    group = forms.CharField(label=_("Exclusion group"), required=False, max_length=80)
    requires = forms.CharField(
        label=_("Prerequisites (technology ids, comma-separated)"), required=False
    )

    def __init__(self, *args: Any, catalogue: Catalogue, editing: bool = False, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["source_key"].choices = [  # type: ignore[attr-defined]
            (OWN_SOURCE, _("Our own publication (fill in below)"))
        ] + [(s.key, f"{s.title} ({s.edition})") for s in catalogue.sources]
        if editing:
            self.fields["technology_id"].required = False
            self.fields["technology_id"].disabled = True

    def record(self) -> dict[str, Any]:
        data = self.cleaned_data
        source: Any = data["source_key"]
        if source == OWN_SOURCE:
            source = {part: data[f"source_{part}"] for part in _SOURCE_PARTS}
        record: dict[str, Any] = {
            "name_zh": data["name_zh"],
            "name_en": data["name_en"],
            "source": source,
            "item": data["item"],
            "confirmed": data["confirmed"],
            "note": data["note"],
            "industries": _listed(data["industries"]),
            "end_use": data["end_use"],
            "carrier": data["carrier"],
            "effect": data["effect"],
            data["saving_kind"]: data["saving_value"],
            "capacity_unit": data["capacity_unit"],
            "capex_yuan_per_unit": data["capex_yuan_per_unit"],
            "opex_change_yuan_per_unit": data["opex_change_yuan_per_unit"],
            "lifetime_years": data["lifetime_years"],
            "lead_time_years": data["lead_time_years"],
            "max_penetration": data["max_penetration"],
            "requires": _listed(data["requires"]),
        }
        if data["group"].strip():
            record["group"] = data["group"].strip()
        return record


class CaseForm(forms.Form):
    technology_id = forms.ChoiceField(label=_("Technology"))
    title = forms.CharField(label=_("Title"), max_length=200)
    enterprise = forms.CharField(label=_("Enterprise"), max_length=200)
    year = forms.IntegerField(label=_("Year"))
    saving_rate = forms.FloatField(label=_("Saving rate (0..1)"), required=False)
    saving_tce = forms.FloatField(label=_("Energy saved (tce a year)"), required=False)
    emissions_cut_t = forms.FloatField(label=_("Emissions cut (t CO2e a year)"), required=False)
    capex_yuan = forms.FloatField(label=_("Capex (yuan)"), required=False)
    annual_cost_saving_yuan = forms.FloatField(label=_("Cost saved (yuan a year)"), required=False)
    payback_years = forms.FloatField(label=_("Payback (years)"), required=False)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, catalogue: Catalogue, editing: bool = False, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["technology_id"].choices = [  # type: ignore[attr-defined]
            (t.id, f"{t.name_zh} / {t.name_en}") for t in catalogue
        ]
        if editing:
            self.fields["technology_id"].required = False
            self.fields["technology_id"].disabled = True

    def record(self) -> dict[str, Any]:
        data = self.cleaned_data
        record: dict[str, Any] = {
            "title": data["title"],
            "enterprise": data["enterprise"],
            "year": data["year"],
        }
        for field in CASE_NUMBERS:
            if data[field] is not None:
                record[field] = data[field]
        if data["note"].strip():
            record["note"] = data["note"].strip()
        return record


def initial_from_record(kind: str, technology_id: str, record: Mapping[str, Any]) -> dict[str, Any]:
    """A stored record as the initial values of its form."""
    initial: dict[str, Any] = {"technology_id": technology_id}
    if kind == "case":
        initial.update({k: v for k, v in record.items()})
        return initial
    initial.update(
        {k: v for k, v in record.items() if k not in ("source", "industries", "requires", "id")}
    )
    source = record.get("source")
    if isinstance(source, Mapping):
        initial["source_key"] = OWN_SOURCE
        for part in _SOURCE_PARTS:
            initial[f"source_{part}"] = source.get(part, "")
    else:
        initial["source_key"] = source
    initial["industries"] = ", ".join(str(i) for i in record.get("industries") or [])
    initial["requires"] = ", ".join(str(i) for i in record.get("requires") or [])
    for kind_field in ("saving_rate", "absolute_saving_tce_per_unit"):
        if kind_field in record:
            initial["saving_kind"] = kind_field
            initial["saving_value"] = record[kind_field]
    return initial


def _form_field(form: forms.Form, field: str) -> str | None:
    name = field.removeprefix("record.")
    if name == "source":
        return "source_key"
    if name in ("saving_rate", "absolute_saving_tce_per_unit") and "saving_value" in form.fields:
        return "saving_value"
    return name if name in form.fields else None


def apply_errors(form: forms.Form, error: ValidationError) -> None:
    """A service's refusal on the form's fields (or on the form as a whole)."""
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            form.add_error(None, message)
        return
    for field, messages in error.message_dict.items():
        target = _form_field(form, field)
        for message in messages:
            form.add_error(target, message)
