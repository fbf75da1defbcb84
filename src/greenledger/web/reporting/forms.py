"""Forms of the reporting pages. They parse and label input; the services decide."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from greenledger.web.reporting.models import SubmissionStatus
from greenledger.web.reporting.services._common import library
from greenledger.web.reporting.templatetags.reporting_extras import unit_symbol

ACTIVITY_SUFFIXES = (".csv", ".xlsx")
METER_SUFFIXES = (".csv", ".parquet")
INSTRUMENTS = (
    ("", _("None")),
    ("gec", _("Green electricity certificate (GEC)")),
    ("green_power", _("Green power trading")),
    ("onsite", _("On-site generation for own use")),
)


def activity_choices() -> list[tuple[str, str]]:
    english = (get_language() or "").startswith("en")
    activities = sorted(library().activities.values(), key=lambda a: (a.category, a.id))
    choices = []
    for a in activities:
        name = a.name_en if english and a.name_en else a.name_zh
        unit = unit_symbol(a.canonical_unit)
        choices.append((a.id, f"{name} ({unit})" if unit else name))
    return choices


def apply_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's field errors on the form's fields (or on the form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            target = field if field in form.fields else None
            for message in errors:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


class DraftForm(forms.Form):
    year = forms.IntegerField(
        label=_("Reporting year"), min_value=1990, max_value=2100, initial=dt.date.today().year - 1
    )


class RecordForm(forms.Form):
    site = forms.ChoiceField(label=_("Site"), required=False)
    period = forms.CharField(
        label=_("Period"),
        max_length=7,
        help_text=_("Month as YYYY-MM, or the year as YYYY"),
        widget=forms.TextInput(attrs={"placeholder": "2024-01"}),
    )
    activity = forms.ChoiceField(label=_("Activity"))
    quantity = forms.CharField(label=_("Quantity"), max_length=64)
    unit = forms.CharField(
        label=_("Unit"), max_length=32, widget=forms.TextInput(attrs={"placeholder": "t, 万kWh"})
    )
    instrument = forms.ChoiceField(label=_("Green power instrument"), required=False)
    removal_efficiency = forms.CharField(label=_("Removal efficiency"), required=False)
    sulfur_percent = forms.CharField(label=_("Sulfur content (%)"), required=False)
    technology = forms.CharField(label=_("Combustion technology"), required=False)
    product = forms.CharField(label=_("Product"), required=False)

    def __init__(self, *args: Any, sites: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].choices = [("", "—")] + [(s.name_zh, s.name_zh) for s in sites]
        self.fields["activity"].choices = [("", "—"), *activity_choices()]
        self.fields["instrument"].choices = INSTRUMENTS

    @staticmethod
    def initial_from(record: Any) -> dict[str, Any]:
        return {
            "site": record.site.name_zh if record.site_id else "",
            "period": record.period,
            "activity": record.activity,
            "quantity": record.original_quantity or repr(record.quantity),
            "unit": record.original_unit or record.unit,
            "instrument": record.instrument,
            "removal_efficiency": record.removal_efficiency or "",
            "sulfur_percent": "" if record.sulfur_percent is None else record.sulfur_percent,
            "technology": record.technology,
            "product": record.product,
        }


class RecordFilterForm(forms.Form):
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    site = forms.ChoiceField(label=_("Site"), required=False)
    period = forms.ChoiceField(label=_("Period"), required=False)
    activity = forms.ChoiceField(label=_("Activity"), required=False)

    def __init__(
        self, *args: Any, sites: Any = (), periods: Any = (), activities: Any = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["site"].choices = everything + [(str(s.pk), s.name_zh) for s in sites]
        self.fields["period"].choices = everything + [(p, p) for p in periods]
        names = dict(activity_choices())
        self.fields["activity"].choices = everything + [(a, names.get(a, a)) for a in activities]


class AssignForm(forms.Form):
    evaluator = forms.ChoiceField(label=_("Evaluator"))

    def __init__(self, *args: Any, evaluators: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["evaluator"].choices = [
            (str(u.pk), u.get_full_name() or u.get_username()) for u in evaluators
        ]


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Comment"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )


class RequestChangesForm(forms.Form):
    comment = forms.CharField(
        label=_("What has to change"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class CorrectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the correction"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _check_suffix(upload: Any, suffixes: tuple[str, ...]) -> Any:
    if Path(upload.name or "").suffix.lower() not in suffixes:
        raise ValidationError(
            _("Upload a file of one of these types: %(types)s.") % {"types": ", ".join(suffixes)}
        )
    return upload


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Activity data file (CSV or XLSX)"))

    def clean_file(self) -> Any:
        return _check_suffix(self.cleaned_data["file"], ACTIVITY_SUFFIXES)


class MeterUploadForm(forms.Form):
    year = forms.IntegerField(
        label=_("Year"), min_value=1990, max_value=2100, initial=dt.date.today().year - 1
    )
    file = forms.FileField(label=_("Hourly series (CSV or Parquet)"))

    def clean_file(self) -> Any:
        return _check_suffix(self.cleaned_data["file"], METER_SUFFIXES)


class SubmissionFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1990, max_value=2100)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All"))] + list(SubmissionStatus.choices),
    )


class DistrictForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1990, max_value=2100)
