"""Forms of the recognition pages. They parse and label input; the services decide."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from greenledger.web.accounts.models import Role, User
from greenledger.web.assessments.models import RECOGNITION_TYPES
from greenledger.web.members.models import Organisation, Site
from greenledger.web.ui.templatetags.ui_extras import local_name


def person(user: Any) -> str:
    return user.get_full_name() or user.get_username()


class EvaluatorChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return person(obj)


class RecognitionCallForm(forms.Form):
    type = forms.ChoiceField(label=_("Recognition"))
    title = forms.CharField(label=_("Title"), max_length=200)
    year = forms.IntegerField(
        label=_("Year"), min_value=1990, max_value=2100, initial=dt.date.today().year
    )
    deadline = forms.DateField(
        label=_("Nomination deadline"), widget=forms.DateInput(attrs={"type": "date"})
    )
    places = forms.IntegerField(label=_("Units to recognise"), min_value=1, max_value=1000)
    trim = forms.FloatField(
        label=_("Trimmed share at each end"),
        initial=0.2,
        min_value=0,
        max_value=0.49,
        help_text=_(
            "The share of the panel's scores left out at each end for the trimmed mean: 0.2 "
            "with five reviewers leaves out the highest and lowest score; with fewer than five "
            "reviewers 0.2 leaves out none."
        ),
        widget=forms.NumberInput(attrs={"step": "0.05"}),
    )
    issuing_body = forms.CharField(label=_("Issuing body"), max_length=200)
    panel = EvaluatorChoiceField(
        label=_("Panel"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("At least three active third-party evaluators."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [(t.value, t.label) for t in RECOGNITION_TYPES]
        self.fields["panel"].queryset = User.objects.filter(
            role=Role.EVALUATOR, is_active=True
        ).order_by("last_name", "first_name", "username")

    def clean_panel(self) -> Any:
        panel = self.cleaned_data["panel"]
        if len(panel) < 3:
            raise forms.ValidationError(_("A panel needs at least three reviewers."))
        return panel


class OrganisationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return local_name(obj)


class SiteChoiceField(forms.ModelChoiceField):
    def __init__(self, *args: Any, with_organisation: bool = False, **kwargs: Any) -> None:
        self.with_organisation = with_organisation
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: Any) -> str:
        if self.with_organisation:
            return f"{local_name(obj.organisation)} / {local_name(obj)}"
        return local_name(obj)


class NominationForm(forms.Form):
    """Staff choose the organisation; a manager nominates their own (no organisation field)."""

    organisation = OrganisationChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none()
    )
    site = SiteChoiceField(label=_("Site (optional)"), queryset=Site.objects.none(), required=False)
    statement = forms.CharField(
        label=_("Supporting statement"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Why the unit deserves recognition: results, measures, figures."),
    )

    def __init__(self, *args: Any, organisation: Organisation | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if organisation is None:
            self.fields["organisation"].queryset = Organisation.objects.order_by("name_zh")
            site_field = SiteChoiceField(
                label=_("Site (optional)"),
                queryset=Site.objects.select_related("organisation").order_by(
                    "organisation__name_zh", "name_zh"
                ),
                required=False,
                with_organisation=True,
            )
            self.fields["site"] = site_field
        else:
            del self.fields["organisation"]
            self.fields["site"].queryset = Site.objects.filter(organisation=organisation).order_by(
                "name_zh"
            )
        self.order_fields(["organisation", "site", "statement"])


class ScoreForm(forms.Form):
    # Parsed and range-checked by the service (panel_score_record), which names the problem.
    score = forms.CharField(
        label=_("Score (0-100)"),
        max_length=32,
        widget=forms.NumberInput(attrs={"step": "0.5", "min": "0", "max": "100"}),
    )
    comment = forms.CharField(
        label=_("Comment"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
