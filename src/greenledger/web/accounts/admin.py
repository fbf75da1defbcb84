"""Users, tokens, assignments and sharing grants in the Django admin (registry staff only).

Changes go through the services, so each one is validated and audited.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from greenledger.web.accounts import permissions, services
from greenledger.web.accounts.models import ApiToken, Assignment, DataSharing, Role, User
from greenledger.web.members.admin import RegistryStaffAdmin
from greenledger.web.members.models import OrganisationKind


class UserCreationForm(forms.ModelForm):
    password1 = forms.CharField(label=_("Password"), widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(
        label=_("Password (again)"), widget=forms.PasswordInput, strip=False
    )

    class Meta:
        model = User
        fields = ["username", "email", "first_name", "last_name", "role", "organisation"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        elif data.get("password1"):
            try:
                validate_password(data["password1"], User(username=data.get("username", "")))
            except ValidationError as exc:
                self.add_error("password1", exc)
        _check_role(self, data)
        return data


def _check_role(form: forms.ModelForm, data: dict[str, Any]) -> None:
    if "role" not in data:
        return
    try:
        services.user_role_check(data["role"], data.get("organisation"))
    except ValidationError as exc:
        for field, errors in exc.message_dict.items():
            form.add_error(field, errors)


class UserChangeForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["email", "first_name", "last_name", "role", "organisation", "is_active"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        _check_role(self, data)
        return data


@admin.register(User)
class UserAdmin(RegistryStaffAdmin, DjangoUserAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    list_display = ["username", "role", "organisation", "is_active", "last_login"]
    list_filter = ["role", "is_active"]
    search_fields = ["username", "email", "first_name", "last_name"]
    raw_id_fields = ["organisation"]
    readonly_fields = ["username", "last_login", "date_joined"]
    fieldsets = [
        (None, {"fields": ["username", "is_active"]}),
        (_("Role"), {"fields": ["role", "organisation"]}),
        (_("Personal details"), {"fields": ["first_name", "last_name", "email"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "fields": [
                    "username",
                    "password1",
                    "password2",
                    "role",
                    "organisation",
                    "email",
                    "first_name",
                    "last_name",
                ]
            },
        )
    ]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return self.readonly_fields if obj is not None else []

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        data = form.cleaned_data
        if not change:
            saved = services.user_create(
                actor=request.user,
                username=data["username"],
                password=data["password1"],
                role=data["role"],
                organisation=data.get("organisation"),
                email=data.get("email", ""),
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
            )
        else:
            saved = User.objects.get(pk=obj.pk)
            if (saved.role, saved.organisation_id) != (
                data["role"],
                getattr(data.get("organisation"), "pk", None),
            ):
                services.user_change_role(
                    actor=request.user,
                    user=saved,
                    role=data["role"],
                    organisation=data.get("organisation"),
                )
            if (saved.email, saved.first_name, saved.last_name) != (
                data["email"],
                data["first_name"],
                data["last_name"],
            ):
                services.user_update_profile(
                    actor=request.user,
                    user=saved,
                    email=data["email"],
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                )
            if saved.is_active and not data["is_active"]:
                services.user_deactivate(actor=request.user, user=saved)
        obj.pk = saved.pk
        obj.__dict__.update(User.objects.get(pk=saved.pk).__dict__)


@admin.register(ApiToken)
class ApiTokenAdmin(RegistryStaffAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["user__username", "name", "prefix"]
    readonly_fields = ["user", "name", "prefix", "created_at", "last_used_at", "revoked_at"]
    exclude = ["token_hash"]
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # tokens are created by their owners and shown to them once

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        for token in queryset:
            services.api_token_revoke(actor=request.user, token=token)


@admin.register(Assignment)
class AssignmentAdmin(RegistryStaffAdmin):
    list_display = ["evaluator", "organisation", "created_at", "ended_at"]
    list_filter = ["ended_at"]
    raw_id_fields = ["evaluator", "organisation"]
    fields = ["evaluator", "organisation"]
    actions = ["end"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and permissions.is_registry_staff(request.user)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "evaluator":
            kwargs["queryset"] = User.objects.filter(role=Role.EVALUATOR)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        saved = services.assignment_create(
            actor=request.user,
            evaluator=form.cleaned_data["evaluator"],
            organisation=form.cleaned_data["organisation"],
        )
        obj.pk = saved.pk
        obj.__dict__.update(saved.__dict__)

    @admin.action(description=_("End the selected assignments"))
    def end(self, request: HttpRequest, queryset: QuerySet[Assignment]) -> None:
        for assignment in queryset:
            services.assignment_end(actor=request.user, assignment=assignment)


class DataSharingForm(forms.ModelForm):
    class Meta:
        model = DataSharing
        fields = ["organisation", "institution"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        institution = data.get("institution")
        if institution is not None and institution.kind != OrganisationKind.FINANCIAL:
            self.add_error(
                "institution", _("Data can be shared only with a financial institution.")
            )
        return data


@admin.register(DataSharing)
class DataSharingAdmin(RegistryStaffAdmin):
    form = DataSharingForm
    list_display = ["organisation", "institution", "created_at", "revoked_at"]
    list_filter = ["revoked_at"]
    raw_id_fields = ["organisation", "institution"]
    fields = ["organisation", "institution"]
    actions = ["revoke"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and permissions.is_registry_staff(request.user)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        saved = services.data_sharing_grant(
            actor=request.user,
            organisation=form.cleaned_data["organisation"],
            institution=form.cleaned_data["institution"],
        )
        obj.pk = saved.pk
        obj.__dict__.update(saved.__dict__)

    @admin.action(description=_("Revoke the selected grants"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[DataSharing]) -> None:
        for grant in queryset:
            services.data_sharing_revoke(actor=request.user, grant=grant)
