"""The ledger in the admin: readable, never addable, changeable or deletable.

An entry's ``before`` and ``after`` are shown as the JSON recorded (indented, in a ``<pre>``):
data as written, in whatever language the recorded values are (a factor's English citation,
say), not prose of the interface."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from greenledger.web.audit.models import AuditEntry

RECORDED = ("before", "after")


def _recorded(value: Any) -> str:
    if value is None:
        return "-"
    text = json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True)
    return format_html('<pre class="recorded">{}</pre>', text)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["sequence", "timestamp", "actor_username", "action", "object_type", "object_id"]
    list_filter = ["action", "object_type"]
    search_fields = ["actor_username", "object_id", "action"]
    ordering = ["-sequence"]
    fields = readonly_fields = [
        *(f.name for f in AuditEntry._meta.fields if f.name not in RECORDED),
        "before_recorded",
        "after_recorded",
    ]

    @admin.display(description=_("before"))
    def before_recorded(self, entry: AuditEntry) -> str:
        return _recorded(entry.before)

    @admin.display(description=_("after"))
    def after_recorded(self, entry: AuditEntry) -> str:
        return _recorded(entry.after)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
