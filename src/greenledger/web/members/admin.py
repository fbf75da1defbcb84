"""The registry in the Django admin, for the secretariat and district administrators.

Every save goes through the services (validation, audit entry); forms show the services' field
errors next to the fields.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from greenledger.core.errors import InputError
from greenledger.web.accounts import permissions
from greenledger.web.members import importing, services
from greenledger.web.members.models import (
    Designation,
    Membership,
    MembershipHistory,
    Organisation,
    Site,
)


class RegistryStaffAdmin(admin.ModelAdmin):
    """Open to the registry staff roles, whatever their Django model permissions."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return permissions.is_registry_staff(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return permissions.is_registry_staff(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return permissions.is_registry_staff(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return permissions.is_registry_staff(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ServiceValidatedForm(forms.ModelForm):
    """Runs a service's validation in ``clean`` so its errors land on the form's fields."""

    def service_check(self, data: dict[str, Any]) -> None:  # overridden per model
        return None

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not self.errors:
            try:
                self.service_check(dict(data))
            except ValidationError as exc:
                for field, messages_ in exc.message_dict.items():
                    self.add_error(field if field in self.fields else None, messages_)
        return data


class OrganisationForm(ServiceValidatedForm):
    class Meta:
        model = Organisation
        fields = [*services.ORGANISATION_FIELDS, "published"]

    def service_check(self, data: dict[str, Any]) -> None:
        values = {name: data.get(name) or "" for name in services.ORGANISATION_FIELDS}
        instance = self.instance if self.instance.pk else None
        services.organisation_check(values, instance=instance)


class MembershipInline(admin.StackedInline):
    model = Membership
    fields = ["joined_on", "standing", "status"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Organisation)
class OrganisationAdmin(RegistryStaffAdmin):
    form = OrganisationForm
    list_display = ["name_zh", "name_en", "kind", "credit_code", "district", "published"]
    list_filter = ["kind", "published", "district"]
    search_fields = ["name_zh", "name_en", "credit_code"]
    inlines = [MembershipInline]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        values = {name: form.cleaned_data.get(name) or "" for name in services.ORGANISATION_FIELDS}
        published = bool(form.cleaned_data.get("published"))
        if change:
            current = Organisation.objects.get(pk=obj.pk)
            changed = {k: v for k, v in values.items() if getattr(current, k) != v}
            saved = current
            if changed:
                saved = services.organisation_update(
                    actor=request.user, organisation=current, **changed
                )
            services.organisation_set_published(
                actor=request.user, organisation=saved, published=published
            )
        else:
            saved = services.organisation_create(actor=request.user, published=published, **values)
        obj.pk = saved.pk
        obj.__dict__.update(saved.__dict__)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        return None  # the inline is read-only; memberships change through their own page


class SiteForm(ServiceValidatedForm):
    class Meta:
        model = Site
        fields = ["organisation", *services.SITE_FIELDS]

    def service_check(self, data: dict[str, Any]) -> None:
        organisation = data.get("organisation")
        if organisation is None:
            return
        values = {name: data.get(name) for name in services.SITE_FIELDS}
        instance = self.instance if self.instance.pk else None
        services.site_check(values, organisation=organisation, instance=instance)


@admin.register(Site)
class SiteAdmin(RegistryStaffAdmin):
    form = SiteForm
    list_display = ["name_zh", "kind", "organisation", "district", "parent_park", "it_load_kw"]
    list_filter = ["kind", "district"]
    search_fields = ["name_zh", "name_en", "organisation__name_zh"]
    raw_id_fields = ["organisation", "parent_park"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return permissions.is_registry_staff(request.user)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        values = {name: form.cleaned_data.get(name) for name in services.SITE_FIELDS}
        if change:
            current = Site.objects.get(pk=obj.pk)
            saved = services.site_update(actor=request.user, site=current, **values)
        else:
            saved = services.site_create(
                actor=request.user, organisation=form.cleaned_data["organisation"], **values
            )
        obj.pk = saved.pk
        obj.__dict__.update(saved.__dict__)
        for flag in services.site_flags(saved):
            messages.warning(request, flag)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        services.site_delete(actor=request.user, site=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Site]) -> None:
        for site in queryset:
            services.site_delete(actor=request.user, site=site)


class DesignationForm(ServiceValidatedForm):
    class Meta:
        model = Designation
        fields = [
            "organisation",
            "site",
            "type",
            "level",
            "batch",
            "year",
            "issuing_body",
            "valid_from",
            "valid_until",
            "status",
        ]

    def service_check(self, data: dict[str, Any]) -> None:
        if self.instance.pk:
            return  # on change only the status is editable
        problems = services.designation_problems(data)
        if problems:
            raise ValidationError(problems)


class DesignationImportForm(forms.Form):
    file = forms.FileField(label=_("Designations (XLSX)"))


@admin.register(Designation)
class DesignationAdmin(RegistryStaffAdmin):
    form = DesignationForm
    list_display = ["organisation", "type", "level", "year", "batch", "status", "valid_until"]
    list_filter = ["type", "level", "status", "year"]
    search_fields = ["organisation__name_zh", "organisation__credit_code", "batch"]
    raw_id_fields = ["organisation", "site"]
    change_list_template = "admin/members/designation/change_list.html"

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if obj is None:
            return []
        return [f for f in DesignationForm.Meta.fields if f != "status"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if change:
            current = Designation.objects.get(pk=obj.pk)
            saved = services.designation_set_status(
                actor=request.user, designation=current, status=form.cleaned_data["status"]
            )
        else:
            saved = services.designation_create(actor=request.user, **form.cleaned_data)
        obj.pk = saved.pk
        obj.__dict__.update(saved.__dict__)

    def get_urls(self) -> list[Any]:
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="members_designation_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_add_permission(request):
            return HttpResponseRedirect(reverse("admin:index"))
        problems: list[Any] = []
        form = DesignationImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                created = importing.designations_import_xlsx(
                    actor=request.user, file=upload, filename=upload.name
                )
            except InputError as exc:
                problems = list(exc.problems)
            else:
                self.message_user(
                    request,
                    _("%(count)d designations imported.") % {"count": len(created)},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(reverse("admin:members_designation_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import designations"),
            "form": form,
            "problems": problems,
            "columns": importing.COLUMNS,
        }
        return TemplateResponse(request, "admin/members/designation/import.html", context)


class MembershipHistoryInline(admin.TabularInline):
    model = MembershipHistory
    fields = ["effective_on", "standing", "status", "note", "changed_by", "changed_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class MembershipForm(forms.ModelForm):
    note = forms.CharField(label=_("note"), required=False, max_length=300)

    class Meta:
        model = Membership
        fields = ["organisation", "joined_on", "standing", "status"]


@admin.register(Membership)
class MembershipAdmin(RegistryStaffAdmin):
    form = MembershipForm
    list_display = ["organisation", "standing", "status", "joined_on"]
    list_filter = ["standing", "status"]
    search_fields = ["organisation__name_zh"]
    raw_id_fields = ["organisation"]
    inlines = [MembershipHistoryInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["organisation", "joined_on"] if obj is not None else []

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        data = form.cleaned_data
        if change:
            current = Membership.objects.get(pk=obj.pk)
            saved = services.membership_change(
                actor=request.user,
                membership=current,
                effective_on=timezone.localdate(),
                standing=data["standing"],
                status=data["status"],
                note=data.get("note", ""),
            )
        else:
            saved = services.membership_create(
                actor=request.user,
                organisation=data["organisation"],
                joined_on=data["joined_on"],
                standing=data["standing"],
            )
        obj.pk = saved.pk
        obj.__dict__.update(saved.__dict__)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        return None  # history rows are written by the services only
