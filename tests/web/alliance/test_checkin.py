"""Check-in at the door: the staff type or scan a participant's code; a code works once, for
its own event and a confirmed seat, and every refusal says why."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from greenledger.web.alliance.models import Registration
from greenledger.web.alliance.services.registrations import (
    registration_cancel,
    registration_check_in,
    registration_create,
)
from greenledger.web.audit.models import AuditEntry
from tests.web.alliance.registrations_support import an_event
from tests.web.conftest import World

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def register(world: World, event: Any, number: int) -> Registration:
    return registration_create(
        actor=world.users["enterprise_a"],
        event=event,
        name=f"Participant {number}",
        email=f"p{number}@example.org",
    )


def reason(error: pytest.ExceptionInfo[ValidationError]) -> str:
    [text] = error.value.message_dict["code"]
    return text


def test_a_code_checks_its_participant_in_once(world: World, sent_mail: Any) -> None:
    event = an_event(world)
    registration = register(world, event, 1)
    staff = world.users["secretariat"]
    typed = " " + registration.code[:5].lower() + "-" + registration.code[5:] + " "
    checked = registration_check_in(actor=staff, event=event, code=typed)
    assert checked.pk == registration.pk
    assert checked.checked_in_by == staff and checked.checked_in_at is not None
    entry = AuditEntry.objects.get(action="alliance.registration.check_in")
    assert entry.object_id == str(registration.pk) and entry.actor_username == "secretariat"
    with pytest.raises(ValidationError) as twice:
        registration_check_in(actor=world.users["district_admin"], event=event, code=typed)
    at = timezone.localtime(checked.checked_in_at).strftime("%Y-%m-%d %H:%M")
    assert reason(twice) == f"Participant 1 was already checked in at {at} by secretariat."
    assert AuditEntry.objects.filter(action="alliance.registration.check_in").count() == 1


def test_unknown_codes_and_codes_of_another_event_are_refused(world: World, sent_mail: Any) -> None:
    event = an_event(world)
    other = an_event(world, title_zh="节能降碳培训", title_en="Energy-saving training")
    theirs = register(world, other, 1)
    staff = world.users["secretariat"]
    with pytest.raises(ValidationError) as unknown:
        registration_check_in(actor=staff, event=event, code="ZZZZ222222")
    assert reason(unknown) == "No registration has the code ZZZZ222222."
    with pytest.raises(ValidationError) as elsewhere:
        registration_check_in(actor=staff, event=event, code=theirs.code)
    starts = timezone.localtime(other.starts_at).strftime("%Y-%m-%d %H:%M")
    assert reason(elsewhere) == (
        f"The code {theirs.code} is for another event: Energy-saving training ({starts})."
    )
    with pytest.raises(ValidationError) as empty:
        registration_check_in(actor=staff, event=event, code="  ")
    assert reason(empty) == "Type or scan the participant's code."
    theirs.refresh_from_db()
    assert theirs.checked_in_at is None


def test_cancelled_and_waitlisted_participants_are_not_checked_in(
    world: World, sent_mail: Any
) -> None:
    event = an_event(world, capacity=1)
    confirmed, waiting, third = (register(world, event, n) for n in (1, 2, 3))
    registration_cancel(actor=world.users["enterprise_a"], registration=third)
    staff = world.users["secretariat"]
    with pytest.raises(ValidationError) as waitlisted:
        registration_check_in(actor=staff, event=event, code=waiting.code)
    assert reason(waitlisted) == (
        "Participant 2 is on the waiting list, not confirmed: no seat to check in to."
    )
    with pytest.raises(ValidationError) as cancelled:
        registration_check_in(actor=staff, event=event, code=third.code)
    assert reason(cancelled).startswith("The registration of Participant 3 was cancelled at ")
    assert registration_check_in(actor=staff, event=event, code=confirmed.code).checked_in_at


def test_only_the_staff_check_in(world: World, sent_mail: Any) -> None:
    event = an_event(world)
    registration = register(world, event, 1)
    for persona in ("enterprise_a", "enterprise_b", "evaluator", "analyst", "public"):
        with pytest.raises(PermissionDenied):
            registration_check_in(actor=world.users[persona], event=event, code=registration.code)
    registration.refresh_from_db()
    assert registration.checked_in_at is None


def test_the_check_in_page_counts_and_explains_refusals(world: World, sent_mail: Any) -> None:
    event = an_event(world, capacity=2)
    first, second, _waiting = (register(world, event, n) for n in (1, 2, 3))
    client = world.client("secretariat")
    client.cookies["django_language"] = "en"
    url = f"/alliance/events/{event.pk}/check-in/"
    page = client.get(url).content.decode()
    assert "Confirmed: 2 · checked in: 0 · on the waiting list: 1" in page
    assert 'name="code"' in page and "autofocus" in page
    assert "/static/alliance/checkin.js" in page and 'id="scan-button" hidden' in page
    done = client.post(url, {"code": first.code})
    assert done.status_code == 302 and done["Location"] == url
    after = client.get(url).content.decode()
    assert "Participant 1 (甲公司) is checked in." in after
    assert "Confirmed: 2 · checked in: 1 · on the waiting list: 1" in after
    again = client.post(url, {"code": first.code})
    assert again.status_code == 200
    assert "Participant 1 was already checked in at" in again.content.decode()
    assert "by secretariat." in again.content.decode()
    unknown = client.post(url, {"code": "nope"})
    assert "No registration has the code NOPE." in unknown.content.decode()
    second.refresh_from_db()
    assert second.checked_in_at is None


def test_the_check_in_page_is_the_staffs(world: World, sent_mail: Any) -> None:
    event = an_event(world)
    draft = an_event(world, status="draft", published_at=None)
    url = f"/alliance/events/{event.pk}/check-in/"
    assert world.client("district_admin").get(url).status_code == 200
    for persona in ("enterprise_a", "analyst", "public", "evaluator"):
        assert world.client(persona).get(url).status_code == 403
    assert world.client("anonymous").get(url).status_code == 302
    assert (
        world.client("secretariat").get(f"/alliance/events/{draft.pk}/check-in/").status_code == 404
    )


def test_the_scanner_script_is_our_own_static_file(world: World) -> None:
    from django.contrib.staticfiles import finders

    found = finders.find("alliance/checkin.js")
    assert found is not None
    text = Path(found).read_text(encoding="utf-8")
    assert "BarcodeDetector" in text and "getUserMedia" in text
    assert "http://" not in text and "https://" not in text  # nothing fetched from elsewhere
