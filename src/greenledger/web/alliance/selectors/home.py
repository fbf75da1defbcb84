"""What the alliance home page shows a user: the upcoming events, the latest notices they may
read, the open applications (for the staff) and the pages their role opens."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from greenledger.web.accounts import permissions
from greenledger.web.alliance.models import (
    OPEN_APPLICATION_STATUSES,
    Event,
    EventStatus,
    JoinApplication,
)
from greenledger.web.alliance.selectors.notices import NoticeItem, notice_items

HOME = "alliance home"

__all__ = ["home_links", "latest_notices", "open_application_count", "upcoming_events"]


def upcoming_events(limit: int = 5) -> QuerySet[Event]:
    """Published events that have not ended, soonest first."""
    return Event.objects.filter(status=EventStatus.PUBLISHED, ends_at__gte=timezone.now()).order_by(
        "starts_at", "id"
    )[:limit]


def latest_notices(user: Any, limit: int = 5) -> list[NoticeItem]:
    return notice_items(user)[:limit]


def open_application_count(user: Any) -> int | None:
    """Applications waiting for the secretariat (None for anybody who does not review them)."""
    if not permissions.can_review_applications(user):
        return None
    return JoinApplication.objects.filter(status__in=OPEN_APPLICATION_STATUSES).count()


def _is_colleague_manager(user: Any) -> bool:
    organisation = getattr(user, "organisation", None) if user.is_authenticated else None
    return organisation is not None and permissions.can_manage_colleagues(user, organisation)


def home_links(user: Any) -> list[dict[str, str]]:
    """The pages the user's role opens, as {name, url, title}; a page whose URL is not
    installed is left out."""
    staff = permissions.can_review_applications(user)
    pages: list[tuple[str, Any, bool]] = [
        ("events", pgettext_lazy(HOME, "Events"), True),
        ("notices", pgettext_lazy(HOME, "Notices"), True),
        ("join", pgettext_lazy(HOME, "Apply to join the alliance"), not user.is_authenticated),
        (
            "registrations",
            pgettext_lazy(HOME, "My registrations"),
            permissions.can_register_for_events(user),
        ),
        ("colleagues", pgettext_lazy(HOME, "Colleagues"), _is_colleague_manager(user)),
        ("applications", pgettext_lazy(HOME, "Applications to join"), staff),
        ("memberships", pgettext_lazy(HOME, "Memberships and renewals"), staff),
        ("event_new", pgettext_lazy(HOME, "New event"), permissions.can_manage_events(user)),
        ("notice_new", pgettext_lazy(HOME, "New notice"), permissions.can_manage_notices(user)),
        ("outbox", pgettext_lazy(HOME, "Outgoing mail"), permissions.can_read_outgoing_mail(user)),
    ]
    links = []
    for name, title, shown in pages:
        if not shown:
            continue
        try:
            url = reverse(f"alliance:{name}")
        except NoReverseMatch:
            continue
        links.append({"name": name, "url": url, "title": str(title)})
    return links
