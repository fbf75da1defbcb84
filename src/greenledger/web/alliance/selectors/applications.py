"""Reads of applications to join: the secretariat's queue and an application's page; the
applicant's view through the status link (the secret's hash is looked up, never the secret)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet

from greenledger.web.accounts import permissions
from greenledger.web.alliance.models import (
    OPEN_APPLICATION_STATUSES,
    ApplicationDocument,
    JoinApplication,
)
from greenledger.web.alliance.services._common import secret_hash

__all__ = [
    "application_by_status_key",
    "application_for_review",
    "applications_for_review",
    "document_for_review",
    "open_application_count",
]


def applications_for_review(user: Any, *, status: str = "") -> QuerySet[JoinApplication]:
    """Every application for the staff, oldest first (the order of the queue); nothing for
    anybody else. ``status``: one status, or "open" for those waiting for the secretariat."""
    if not permissions.can_review_applications(user):
        return JoinApplication.objects.none()
    queryset = JoinApplication.objects.annotate(document_count=Count("documents"))
    if status == "open":
        queryset = queryset.filter(status__in=OPEN_APPLICATION_STATUSES)
    elif status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("submitted_at", "id")


def application_for_review(user: Any, pk: int) -> JoinApplication | None:
    if not permissions.can_review_applications(user):
        return None
    return (
        JoinApplication.objects.select_related("organisation", "manager", "decided_by")
        .prefetch_related("documents", "messages__author")
        .filter(pk=pk)
        .first()
    )


def document_for_review(user: Any, pk: int) -> ApplicationDocument | None:
    if not permissions.can_review_applications(user):
        return None
    return ApplicationDocument.objects.select_related("application").filter(pk=pk).first()


def application_by_status_key(key: str) -> JoinApplication | None:
    """The application whose status link holds ``key`` (the newest link only)."""
    if not key:
        return None
    return (
        JoinApplication.objects.prefetch_related("documents", "messages")
        .filter(status_key_hash=secret_hash(key))
        .first()
    )


def open_application_count(user: Any) -> int:
    """How many applications wait for the secretariat (0 for anybody else)."""
    return applications_for_review(user, status="open").count()
