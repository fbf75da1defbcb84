"""Data for bench/web_load.py: runs in a subprocess with Django set up (see ``load_district``).

Migrates a fresh database, loads the demo district (which brings a verified inventory, two open
calls and a published recognition), adds ``orgs`` synthetic organisations through the members
bulk service, walks one application through the assessment services up to its certificate (so
the application, certificate and /verify/<number> pages have a real object to show), and mints
a session for each persona the pages are read as. Everything goes through the services.
"""

from __future__ import annotations

import io
import time
from typing import Any

# A minimal but real PDF (magic, one empty page, end-of-file marker): the evidence files.
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
# The zero-carbon factory call's declarations (the verified inventory supplies the figures).
DECLARED = {
    "registered_in_shanghai": True,
    "no_major_incident_3y": True,
    "no_obsolete_equipment": True,
    "zero_carbon_plan": True,
    "third_party_inventory": True,
    "energy_management_system": True,
}
# Personas the pages are read as (demo accounts); "anonymous" sends no cookie.
PERSONAS = ("admin", "secretariat", "manager", "evaluator", "public")


def _certified_application(users: dict[str, Any]) -> tuple[Any, Any]:
    """The demo manager applies to the zero-carbon factory call, two evaluators review, the
    district approves: returns (application, certificate)."""
    from greenledger.web.assessments import selectors, services
    from greenledger.web.assessments.models import Call
    from greenledger.web.members.models import Site, SiteKind

    manager = users["manager"]
    call = Call.objects.filter(ruleset_id__startswith="zero_carbon_factory").order_by("pk").first()
    site = (
        Site.objects.filter(organisation=manager.organisation, kind=SiteKind.FACTORY)
        .order_by("pk")
        .first()
    )
    application = services.application_create(actor=manager, call=call, site=site)
    inputs: dict[str, Any] = dict(DECLARED)
    inputs["offset_tco2e"] = application.inventory_inputs["ghg_tco2e"]  # fully offset
    services.application_set_inputs(actor=manager, application=application, inputs=inputs)
    for item in selectors.missing_evidence(application):  # what the rule set asks for
        services.evidence_add(
            actor=manager,
            application=application,
            item=item.id,
            upload=io.BytesIO(PDF_BYTES),
            filename=f"{item.id}.pdf",
        )
    application.refresh_from_db()
    application = services.application_submit(actor=manager, application=application)
    reviews = [
        services.review_assign(
            actor=users["secretariat"], application=application, evaluator=users[name]
        )
        for name in ("evaluator2", "evaluator3")
    ]
    application.refresh_from_db()
    prescore = application.prescore
    judged: dict[str, Any] = {
        r["id"]: {"passed": r["passed"], "comment": ""} for r in prescore["requirements"]
    }
    for indicator in prescore["indicators"]:
        judged[indicator["id"]] = {"points": indicator["points"], "comment": ""}
    for review in reviews:
        services.review_save(actor=review.evaluator, review=review, judgements=judged, submit=True)
    application.refresh_from_db()
    application = services.application_decide(
        actor=users["admin"], application=application, approve=True, reason="bench"
    )
    return application, application.certificate


def load_district(orgs: int) -> dict[str, Any]:
    import django
    from django.core.management import call_command

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import connection

    from greenledger.web.accounts.models import User
    from greenledger.web.assessments.models import Call, RecognitionCall
    from greenledger.web.members.demo import (
        demo_load,
        demo_token,
        organisations_bulk_create_synthetic,
    )
    from greenledger.web.members.models import Organisation, Site
    from greenledger.web.reporting.models import Submission

    call_command("migrate", interactive=False, verbosity=0)
    started = time.perf_counter()
    demo_load()
    loaded = organisations_bulk_create_synthetic(actor=None, count=orgs)
    users = {u.username: u for u in User.objects.all()}
    application, certificate = _certified_application(users)
    # After a bulk load, refresh the planner statistics (what autovacuum would do a little later
    # on PostgreSQL): with stale ones PostgreSQL sorts the whole table instead of using the keys.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    seconds = time.perf_counter() - started

    cookies = {}
    for name in PERSONAS:
        user = users[name]
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.save()
        cookies[name] = f"{settings.SESSION_COOKIE_NAME}={session.session_key}"
    manager = users["manager"]
    submission = Submission.objects.filter(organisation=manager.organisation).order_by("pk").first()
    demo_org = Organisation.objects.filter(sites__isnull=False).order_by("pk").first()
    return {
        "loaded": loaded,
        "seconds": round(seconds, 1),
        "cookies": cookies,
        "tokens": {name: demo_token(name) for name in PERSONAS},
        "ids": {
            "organisation": demo_org.pk if demo_org else 1,
            "site": Site.objects.filter(organisation=demo_org).order_by("pk").first().pk,
            "park": Site.objects.filter(kind="industrial_park").order_by("pk").first().pk,
            "manager_org": manager.organisation_id,
            "submission": submission.pk if submission else 0,
            "call": Call.objects.order_by("pk").first().pk,
            "application": application.pk,
            "certificate": certificate.pk,
            "certificate_number": certificate.number,
            "recognition": RecognitionCall.objects.order_by("pk").first().pk,
        },
    }
