"""The ledger in the admin: readable, never addable, changeable or deletable."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from greenledger.web.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["sequence", "timestamp", "actor_username", "action", "object_type", "object_id"]
    list_filter = ["action", "object_type"]
    search_fields = ["actor_username", "object_id", "action"]
    ordering = ["-sequence"]
    readonly_fields = [field.name for field in AuditEntry._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
