"""The audit ledger table. Rows are appended by ``services.audit_append`` and never change."""

from __future__ import annotations

from typing import Any, NoReturn

from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete an audit entry through the ORM."""


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit entries are append-only: they cannot be updated")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("audit entries are append-only: they cannot be deleted")

    def bulk_update(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit entries are append-only: they cannot be updated")


class AuditEntry(models.Model):
    sequence = models.PositiveBigIntegerField(_("sequence"), unique=True)
    timestamp = models.DateTimeField(_("timestamp"))
    actor_id = models.BigIntegerField(_("actor id"), null=True, blank=True)
    actor_username = models.CharField(_("actor"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=80)
    object_type = models.CharField(_("object type"), max_length=80)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    previous_hash = models.CharField(_("previous hash"), max_length=64, unique=True)
    hash = models.CharField(_("hash"), max_length=64, unique=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["sequence"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.action} {self.object_type} {self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("audit entries are append-only: they cannot be updated")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit entries are append-only: they cannot be deleted")
