"""Forms of the assessment pages (calls, applications, evidence, relations). They parse and
label input; the services decide."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from greenledger.core.assessment import RuleSet, Threshold, available_rulesets, load_ruleset
from greenledger.web.assessments.models import RelationKind
from greenledger.web.assessments.ruleset_texts import ruleset_text
from greenledger.web.members.models import DesignationLevel, Organisation
from greenledger.web.reporting.forms import apply_service_errors

__all__ = [
    "ApplyForm",
    "CallForm",
    "EvidenceForm",
    "InputsForm",
    "RelationForm",
    "apply_service_errors",
    "ruleset_choices",
]

THRESHOLD_PREFIX = "threshold:"
YES, NO = "true", "false"


def ruleset_choices() -> list[tuple[str, str]]:
    """Every shipped rule set: its title, edition and whether it is current or superseded."""
    choices = []
    for ruleset_id in available_rulesets():
        ruleset = load_ruleset(ruleset_id)
        status = _("current") if ruleset.status == "current" else _("superseded")
        choices.append(
            (ruleset_id, f"{ruleset_text(ruleset.title)} — {ruleset.edition} ({status})")
        )
    return choices


def default_ruleset_id() -> str:
    ids = available_rulesets()
    current = [i for i in ids if load_ruleset(i).status == "current"]
    return (current or list(ids))[0]


class CallForm(forms.Form):
    """A call for applications against one rule set; its configurable thresholds may be set
    for the call (blank keeps the rule set's value)."""

    ruleset_id = forms.ChoiceField(label=_("Rule set"), widget=forms.HiddenInput)
    title = forms.CharField(label=_("Title"), max_length=200)
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    deadline = forms.DateField(
        label=_("Deadline"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    level = forms.ChoiceField(
        label=_("Level"), choices=DesignationLevel.choices, initial=DesignationLevel.DISTRICT
    )
    issuing_body = forms.CharField(label=_("Issuing body"), max_length=200)
    validity_years = forms.IntegerField(
        label=_("Validity (years)"), min_value=1, max_value=10, initial=3
    )
    agreement_tolerance = forms.FloatField(
        label=_("Agreement tolerance (points)"),
        min_value=0,
        max_value=100,
        initial=5.0,
        help_text=_(
            "Two reviews agree when they reach the same level and their totals differ by no "
            "more than this; otherwise a third evaluator decides."
        ),
    )

    def __init__(self, *args: Any, ruleset: RuleSet, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "year": timezone.localdate().year,
                "deadline": timezone.localdate() + dt.timedelta(days=60),
            },
        )
        super().__init__(*args, **kwargs)
        self.ruleset = ruleset
        self.fields["ruleset_id"].choices = [(i, i) for i in available_rulesets()]
        self.fields["ruleset_id"].initial = ruleset.id
        self.thresholds: list[Threshold] = [t for t in ruleset.thresholds() if t.configurable]
        for threshold in self.thresholds:
            self.fields[THRESHOLD_PREFIX + threshold.path] = forms.FloatField(
                label=threshold.path,
                required=False,
                widget=forms.NumberInput(
                    attrs={"step": "any", "placeholder": f"{threshold.value:g}"}
                ),
            )
        self.threshold_errors: list[str] = []

    def threshold_rows(self) -> list[dict[str, Any]]:
        """One row per configurable threshold: the threshold, its source text, the bound field."""
        return [
            {
                "threshold": t,
                "source": t.source.describe(self.ruleset.documents),
                "field": self[THRESHOLD_PREFIX + t.path],
            }
            for t in self.thresholds
        ]

    def overrides(self) -> dict[str, float]:
        return {
            name.removeprefix(THRESHOLD_PREFIX): value
            for name, value in self.cleaned_data.items()
            if name.startswith(THRESHOLD_PREFIX) and value is not None
        }

    def service_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "ruleset_id": data["ruleset_id"],
            "title": data["title"],
            "year": data["year"],
            "deadline": data["deadline"],
            "level": data["level"],
            "issuing_body": data["issuing_body"],
            "validity_years": data["validity_years"],
            "agreement_tolerance": data["agreement_tolerance"],
            "thresholds": self.overrides(),
        }

    def add_service_errors(self, error: ValidationError) -> None:
        """The service's field errors on the fields; its threshold problems ("path: reason")
        on the threshold they name, or above the threshold table."""
        if not hasattr(error, "error_dict"):
            apply_service_errors(self, error)
            return
        for field, messages in error.message_dict.items():
            if field != "thresholds":
                apply_service_errors(self, ValidationError({field: messages}))
                continue
            for message in messages:
                path = message.split(":", 1)[0].strip()
                name = THRESHOLD_PREFIX + path
                if name in self.fields and self.fields[name].label == path:
                    self.add_error(name, message)
                else:
                    self.threshold_errors.append(message)


class ApplyForm(forms.Form):
    site = forms.ChoiceField(label=_("Site"))

    def __init__(self, *args: Any, sites: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].choices = [
            (str(s.pk), f"{s.name_zh} ({s.get_kind_display()})") for s in sites
        ]


class InputsForm(forms.Form):
    """The rule set's inputs: yes/no selects and numbers. Blank means "use the verified
    inventory or the default"."""

    def __init__(
        self, *args: Any, ruleset: RuleSet, declared: dict[str, Any], **kwargs: Any
    ) -> None:
        initial = {
            name: (YES if value else NO) if isinstance(value, bool) else f"{value:g}"
            for name, value in declared.items()
            if name in ruleset.inputs
        }
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        for name, spec in ruleset.inputs.items():
            title = ruleset_text(spec.title)
            label = f"{title} ({spec.unit})" if spec.unit and spec.unit != "1" else title
            if spec.kind == "bool":
                self.fields[name] = forms.ChoiceField(
                    label=label,
                    required=False,
                    choices=[("", "—"), (YES, _("Yes")), (NO, _("No"))],
                )
            else:
                self.fields[name] = forms.CharField(label=label, required=False, max_length=40)


class EvidenceForm(forms.Form):
    item = forms.CharField(widget=forms.HiddenInput, max_length=100)
    file = forms.FileField(label=_("File (PDF, PNG or JPEG)"))


class RelationForm(forms.Form):
    """A relation of ``organisation`` (chosen by staff; an enterprise manager's own) to another
    organisation, named by its Unified Social Credit Code or chosen from a list."""

    organisation = forms.ChoiceField(label=_("Organisation"))
    related = forms.ChoiceField(label=_("Related organisation"), required=False)
    related_code = forms.CharField(
        label=_("…or its Unified Social Credit Code"), required=False, max_length=18
    )
    kind = forms.ChoiceField(label=_("Relation"), choices=RelationKind.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(
        self, *args: Any, organisations: Any = (), candidates: Any = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        organisations = list(organisations)
        self.fields["organisation"].choices = [(str(o.pk), o.name_zh) for o in organisations]
        if len(organisations) == 1:
            self.fields["organisation"].initial = str(organisations[0].pk)
            self.fields["organisation"].widget = forms.HiddenInput()
        self.fields["related"].choices = [("", "—")] + [
            (str(o.pk), f"{o.name_zh} ({o.credit_code})") for o in candidates
        ]

    def clean_related_code(self) -> str:
        return str(self.cleaned_data.get("related_code") or "").strip().upper()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        code, chosen = data.get("related_code"), data.get("related")
        if not code and not chosen:
            raise ValidationError(
                _("Choose the related organisation or enter its Unified Social Credit Code.")
            )
        if code and chosen:
            raise ValidationError(_("Choose the related organisation or enter its code, not both."))
        if code:
            found = Organisation.objects.filter(credit_code=code).first()
            if found is None:
                self.add_error(
                    "related_code",
                    _("No organisation of the registry has the code %(code)s.") % {"code": code},
                )
            else:
                data["related_organisation"] = found
        elif chosen:
            data["related_organisation"] = Organisation.objects.get(pk=int(chosen))
        return data
