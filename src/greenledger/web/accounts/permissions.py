"""Object-level access rules: the ONE place that decides who may see or change what.

Pages and the API both filter through these functions. The rules:

- district administrators and the secretariat see and change everything in the registry;
- enterprise users see their own organisation (and published data); managers change it;
- evaluators see the organisations they are assigned to (and published data);
- financial analysts see organisations that share their data with the analyst's institution
  (and published data);
- public users and anonymous visitors see only published data.

Objects a caller may not see are reported as "not found", never as "forbidden", so ids of other
tenants' objects leak nothing.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from greenledger.web.accounts.models import Assignment, DataSharing, Role
from greenledger.web.members.models import Designation, Membership, Organisation, Site

STAFF_ROLES = frozenset({Role.DISTRICT_ADMIN, Role.SECRETARIAT})
ENTERPRISE_ROLES = frozenset({Role.ENTERPRISE_MANAGER, Role.ENTERPRISE_REPORTER})


def role_of(user: Any) -> str | None:
    """The user's role, or None for an anonymous visitor (or an inactive account)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return user.role


def is_registry_staff(user: Any) -> bool:
    """District administrators and the alliance secretariat run the registry."""
    return role_of(user) in STAFF_ROLES


def is_enterprise_user(user: Any) -> bool:
    return role_of(user) in ENTERPRISE_ROLES


def active_grants(institution_id: int, scope: str | None = None) -> QuerySet[DataSharing]:
    """The institution's grants in force now: not revoked, not expired, and (when ``scope`` is
    a SharingScope value) covering that data. Access ends the moment a grant is revoked or its
    expiry passes: every read asks this."""
    from django.utils import timezone

    grants = DataSharing.objects.filter(institution_id=institution_id, revoked_at__isnull=True)
    grants = grants.filter(Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now()))
    if scope is not None:
        grants = grants.filter(**{scope: True})
    return grants


def _organisation_scope(user: Any, via: str = "") -> Q | None:
    """A filter for what ``user`` may see; None means everything.

    ``via`` is the path from the filtered model to its organisation ("" for Organisation itself,
    "organisation__" for sites and designations). Assigned and shared organisations are matched
    through id subqueries, so no join can duplicate rows.
    """
    role = role_of(user)
    if role in STAFF_ROLES:
        return None
    published = Q(**{f"{via}published": True})
    own_id = f"{via}pk" if via == "" else f"{via.removesuffix('__')}_id"
    if role in ENTERPRISE_ROLES and user.organisation_id is not None:
        return published | Q(**{own_id: user.organisation_id})
    if role == Role.EVALUATOR:
        assigned = Assignment.objects.filter(evaluator_id=user.pk, ended_at__isnull=True)
        return published | Q(**{f"{own_id}__in": assigned.values("organisation_id")})
    if role == Role.FINANCIAL_ANALYST and user.organisation_id is not None:
        shared = active_grants(user.organisation_id)
        return published | Q(**{f"{own_id}__in": shared.values("organisation_id")})
    return published


def visible_organisations(user: Any) -> QuerySet[Organisation]:
    scope = _organisation_scope(user)
    queryset = Organisation.objects.all()
    return queryset if scope is None else queryset.filter(scope)


def visible_sites(user: Any) -> QuerySet[Site]:
    scope = _organisation_scope(user, "organisation__")
    return Site.objects.all() if scope is None else Site.objects.filter(scope)


def visible_designations(user: Any) -> QuerySet[Designation]:
    scope = _organisation_scope(user, "organisation__")
    return Designation.objects.all() if scope is None else Designation.objects.filter(scope)


def visible_memberships(user: Any) -> QuerySet[Membership]:
    scope = _organisation_scope(user, "organisation__")
    return Membership.objects.all() if scope is None else Membership.objects.filter(scope)


def can_view_organisation(user: Any, organisation: Organisation) -> bool:
    return visible_organisations(user).filter(pk=organisation.pk).exists()


def can_change_organisation(user: Any, organisation: Organisation) -> bool:
    """Staff change any organisation; an enterprise manager changes only their own."""
    role = role_of(user)
    if role in STAFF_ROLES:
        return True
    return role == Role.ENTERPRISE_MANAGER and user.organisation_id == organisation.pk


def can_create_organisation(user: Any) -> bool:
    return is_registry_staff(user)


def can_publish_organisation(user: Any) -> bool:
    return is_registry_staff(user)


def can_change_site(user: Any, site: Site) -> bool:
    return can_change_organisation(user, site.organisation)


def can_add_site_to(user: Any, organisation: Organisation) -> bool:
    return can_change_organisation(user, organisation)


def can_manage_designations(user: Any) -> bool:
    """Designations are awarded by the authorities; only registry staff record them."""
    return is_registry_staff(user)


def can_manage_memberships(user: Any) -> bool:
    return is_registry_staff(user)


def can_manage_users(user: Any) -> bool:
    return is_registry_staff(user)


def can_manage_access_grants(user: Any, organisation: Organisation) -> bool:
    """Staff assign evaluators; an enterprise manager decides whom their data is shared with."""
    return can_change_organisation(user, organisation)


def can_use_api_tokens(user: Any) -> bool:
    return role_of(user) is not None


# -- activity reporting (submissions, imports, inventories) ------------------------------------
#
# - enterprise users act on their own organisation's submissions: reporters and managers enter
#   and import data into drafts; only managers submit and correct;
# - evaluators see and review only the submissions assigned to them;
# - the secretariat (and the district administrator) see everything and assign evaluators;
# - financial analysts see verified inventories of organisations sharing data with them;
# - the public sees nothing.


def visible_submissions(user: Any) -> QuerySet[Any]:
    from greenledger.web.reporting.models import Submission, SubmissionStatus

    role = role_of(user)
    queryset = Submission.objects.all()
    if role in STAFF_ROLES:
        return queryset
    if role in ENTERPRISE_ROLES and user.organisation_id is not None:
        return queryset.filter(organisation_id=user.organisation_id)
    if role == Role.EVALUATOR:
        return queryset.filter(evaluator_id=user.pk)
    if role == Role.FINANCIAL_ANALYST and user.organisation_id is not None:
        sharing = active_grants(user.organisation_id, scope="inventories")
        return queryset.filter(
            status=SubmissionStatus.VERIFIED, organisation__in=sharing.values("organisation_id")
        )
    return queryset.none()


def can_view_submission(user: Any, submission: Any) -> bool:
    return visible_submissions(user).filter(pk=submission.pk).exists()


def can_create_submission(user: Any, organisation: Organisation) -> bool:
    return is_enterprise_user(user) and user.organisation_id == organisation.pk


def can_enter_activity_data(user: Any, submission: Any) -> bool:
    """Reporters and managers of the organisation enter and import data (into drafts)."""
    return is_enterprise_user(user) and user.organisation_id == submission.organisation_id


def can_submit_submission(user: Any, submission: Any) -> bool:
    """Only the organisation's energy manager submits and corrects its data."""
    return (
        role_of(user) == Role.ENTERPRISE_MANAGER
        and user.organisation_id == submission.organisation_id
    )


def can_correct_submission(user: Any, submission: Any) -> bool:
    return can_submit_submission(user, submission)


def can_assign_evaluators(user: Any) -> bool:
    return is_registry_staff(user)


def can_review_submission(user: Any, submission: Any) -> bool:
    """The evaluator assigned to the submission comments, requests changes and verifies."""
    return role_of(user) == Role.EVALUATOR and submission.evaluator_id == user.pk


def can_upload_meter_series(user: Any, site: Site) -> bool:
    return is_enterprise_user(user) and user.organisation_id == site.organisation_id


def visible_meter_sites(user: Any) -> QuerySet[Site]:
    """Sites whose meter series the user may read: staff, the site's own enterprise, and (read
    only) an analyst of an institution holding a grant in force that covers meter series."""
    role = role_of(user)
    if role in STAFF_ROLES:
        return Site.objects.all()
    if role in ENTERPRISE_ROLES and user.organisation_id is not None:
        return Site.objects.filter(organisation_id=user.organisation_id)
    if role == Role.FINANCIAL_ANALYST and user.organisation_id is not None:
        shared = active_grants(user.organisation_id, scope="meters")
        return Site.objects.filter(organisation_id__in=shared.values("organisation_id"))
    return Site.objects.none()


def can_download_district_inventories(user: Any) -> bool:
    return is_registry_staff(user)


# -- assessments and recognition ----------------------------------------------------------------
#
# - the secretariat (and the district administrator) open calls, assign evaluators, decide
#   applications, revoke certificates and run recognition;
# - enterprise users prepare their organisation's applications (inputs, evidence); only its
#   manager submits them; managers declare their organisation's relations and self-nominate;
# - evaluators see and score only the applications they review, and never one of their own
#   organisation or a related one (conflict of interest);
# - panel members score the nominations of the recognition calls they sit on;
# - everybody sees open calls, published recognition lists and verifies certificates.


def can_run_assessments(user: Any) -> bool:
    """Open and close calls, assign evaluators, decide, revoke, run recognition."""
    return is_registry_staff(user)


def can_use_assessments(user: Any) -> bool:
    """The assessment pages (calls, applications, reviews) are for the district's participants:
    every signed-in user except members of the public."""
    role = role_of(user)
    return role is not None and role != Role.PUBLIC


def visible_calls(user: Any) -> QuerySet[Any]:
    """Calls for applications are public notices: everybody sees them (open and closed)."""
    from greenledger.web.assessments.models import Call

    return Call.objects.all()


def visible_applications(user: Any) -> QuerySet[Any]:
    from greenledger.web.assessments.models import Application

    role = role_of(user)
    queryset = Application.objects.all()
    if role in STAFF_ROLES:
        return queryset
    if role in ENTERPRISE_ROLES and user.organisation_id is not None:
        return queryset.filter(organisation_id=user.organisation_id)
    if role == Role.EVALUATOR:
        return queryset.filter(reviews__evaluator_id=user.pk).distinct()
    return queryset.none()


def can_view_application(user: Any, application: Any) -> bool:
    return visible_applications(user).filter(pk=application.pk).exists()


def can_apply_for(user: Any, site: Site) -> bool:
    """An enterprise's users open applications for its own sites."""
    return is_enterprise_user(user) and user.organisation_id == site.organisation_id


def can_prepare_application(user: Any, application: Any) -> bool:
    """Reporters and managers of the applicant enter inputs and upload evidence."""
    return is_enterprise_user(user) and user.organisation_id == application.organisation_id


def can_submit_application(user: Any, application: Any) -> bool:
    return (
        role_of(user) == Role.ENTERPRISE_MANAGER
        and user.organisation_id == application.organisation_id
    )


def visible_reviews(user: Any) -> QuerySet[Any]:
    """Individual reviews: their own evaluator and the secretariat; nobody else (not the
    applicant, not the application's other evaluator)."""
    from greenledger.web.assessments.models import Review

    role = role_of(user)
    if role in STAFF_ROLES:
        return Review.objects.all()
    if role is None:
        return Review.objects.none()
    return Review.objects.filter(evaluator_id=user.pk)


def can_score_review(user: Any, review: Any) -> bool:
    return role_of(user) == Role.EVALUATOR and review.evaluator_id == user.pk


def visible_certificates(user: Any) -> QuerySet[Any]:
    """Certificate pages and PDFs: the holder's users, staff; the public uses /verify/."""
    from greenledger.web.assessments.models import Certificate

    role = role_of(user)
    queryset = Certificate.objects.all()
    if role in STAFF_ROLES:
        return queryset
    if role in ENTERPRISE_ROLES and user.organisation_id is not None:
        return queryset.filter(application__organisation_id=user.organisation_id)
    return queryset.none()


def can_declare_relations(user: Any, organisation: Organisation) -> bool:
    return can_change_organisation(user, organisation)


def visible_relations(user: Any) -> QuerySet[Any]:
    """Declared relations: staff see all; an enterprise manager sees those of their own
    organisation (declared by it or naming it); nobody else sees any."""
    from greenledger.web.assessments.models import OrganisationRelation

    role = role_of(user)
    queryset = OrganisationRelation.objects.all()
    if role in STAFF_ROLES:
        return queryset
    if role == Role.ENTERPRISE_MANAGER and user.organisation_id is not None:
        own = user.organisation_id
        return queryset.filter(Q(organisation_id=own) | Q(related_id=own))
    return queryset.none()


def can_nominate(user: Any, organisation: Organisation) -> bool:
    """The secretariat nominates any organisation; a manager nominates their own."""
    return can_change_organisation(user, organisation)


def can_score_panel(user: Any, call: Any) -> bool:
    return role_of(user) is not None and call.panel.filter(pk=user.pk).exists()


def visible_recognition_calls(user: Any) -> QuerySet[Any]:
    """Published lists are public; calls in progress are seen by staff, their panel and
    (while nominations are open) enterprise users."""
    from greenledger.web.assessments.models import RecognitionCall, RecognitionStatus

    role = role_of(user)
    queryset = RecognitionCall.objects.all()
    if role in STAFF_ROLES:
        return queryset
    published = Q(status=RecognitionStatus.PUBLISHED)
    if role is None:
        return queryset.filter(published)
    scope = published | Q(panel=user)
    if role in ENTERPRISE_ROLES:
        scope |= Q(status=RecognitionStatus.OPEN)
    return queryset.filter(scope).distinct()


# -- the district's carbon accounts -------------------------------------------------------------
#
# - the district administrator and the secretariat see every enterprise-year of the fact table,
#   set targets, allocate budgets, label estimates, restate years and publish the annual report;
# - an enterprise's users see their own enterprise-years, budget, trajectory and alerts;
# - everybody else (evaluators, analysts, the public, anonymous visitors) sees the published
#   district aggregates only: sums over enterprises, never one enterprise's figures.


def can_view_district_accounts(user: Any) -> bool:
    """The district's full accounts: per enterprise, per park, decomposition, budgets."""
    return is_registry_staff(user)


def can_manage_district_accounts(user: Any) -> bool:
    """Set targets, allocate budgets, label estimates, restate years, refresh the facts."""
    return is_registry_staff(user)


def can_view_enterprise_accounts(user: Any, organisation: Organisation) -> bool:
    """One enterprise's district figures, budget and alerts: its own users and the staff."""
    if is_registry_staff(user):
        return True
    return is_enterprise_user(user) and user.organisation_id == organisation.pk


# -- decarbonisation planning -------------------------------------------------------------------
#
# - the technology catalogue (shipped records and published proposals) is public;
# - a research institution's staff propose technologies and case results for their institution,
#   see their institution's proposals, and edit them while they are drafts; the district
#   administrator and the secretariat review them (publish or reject) and see them all;
# - an enterprise's users see its plans; its energy manager creates, edits, solves and commits
#   them; the staff see every plan (read only) and run the district pathway;
# - a financial analyst sees the committed plans of the enterprises that share their data with
#   the analyst's institution (transition finance reads them); nobody else sees a plan.


def can_propose_technology(user: Any) -> bool:
    return role_of(user) == Role.RESEARCHER and user.organisation_id is not None


def can_review_proposals(user: Any) -> bool:
    return is_registry_staff(user)


def visible_proposals(user: Any) -> QuerySet[Any]:
    from greenledger.web.planning.models import TechnologyProposal

    proposals = TechnologyProposal.objects.all()
    if is_registry_staff(user):
        return proposals
    if can_propose_technology(user):
        return proposals.filter(organisation_id=user.organisation_id)
    return proposals.none()


def can_edit_proposal(user: Any, proposal: Any) -> bool:
    """Its institution's staff, while it is a draft (a rejected one may be reworked)."""
    return (
        can_propose_technology(user)
        and proposal.organisation_id == user.organisation_id
        and proposal.status in ("draft", "rejected")
    )


def visible_plans(user: Any) -> QuerySet[Any]:
    from greenledger.web.planning.models import Plan

    plans = Plan.objects.all()
    role = role_of(user)
    if role in STAFF_ROLES:
        return plans
    if role in ENTERPRISE_ROLES and user.organisation_id is not None:
        return plans.filter(organisation_id=user.organisation_id)
    if role == Role.FINANCIAL_ANALYST and user.organisation_id is not None:
        shared = active_grants(user.organisation_id, scope="plans")
        return plans.filter(
            status="committed", organisation_id__in=shared.values("organisation_id")
        )
    return plans.none()


def can_view_plan(user: Any, plan: Any) -> bool:
    return visible_plans(user).filter(pk=plan.pk).exists()


def can_create_plan(user: Any, organisation: Organisation) -> bool:
    return role_of(user) == Role.ENTERPRISE_MANAGER and user.organisation_id == organisation.pk


def can_edit_plan(user: Any, plan: Any) -> bool:
    """Its enterprise's energy manager edits, solves and commits it (a committed plan is kept:
    editing one starts from a copy)."""
    return role_of(user) == Role.ENTERPRISE_MANAGER and user.organisation_id == plan.organisation_id


def can_run_district_pathway(user: Any) -> bool:
    return is_registry_staff(user)


# -- green and transition finance ---------------------------------------------------------------
#
# - an enterprise's energy manager makes its financing projects, runs their eligibility checks,
#   lists them in the green project pool, grants and revokes consents and answers interests; its
#   users see its projects, grants and the log of who read its shared data;
# - a financial analyst sees the projects listed in the pool, and the projects of enterprises
#   whose grant to the analyst's institution is in force and covers projects; expresses
#   interest; keeps the institution's own portfolio, which nobody else sees;
# - the staff see every project (read only) and no bank's portfolio.


def can_manage_projects(user: Any, organisation: Organisation) -> bool:
    return role_of(user) == Role.ENTERPRISE_MANAGER and user.organisation_id == organisation.pk


def visible_projects(user: Any) -> QuerySet[Any]:
    from greenledger.web.finance.models import Project

    projects = Project.objects.all()
    role = role_of(user)
    if role in STAFF_ROLES:
        return projects
    if role in ENTERPRISE_ROLES and user.organisation_id is not None:
        return projects.filter(organisation_id=user.organisation_id)
    if role == Role.FINANCIAL_ANALYST and user.organisation_id is not None:
        # a grant naming a project (due diligence) shows that project only
        shared = active_grants(user.organisation_id, scope="projects")
        whole = shared.filter(project_ref__isnull=True).values("organisation_id")
        named = shared.filter(project_ref__isnull=False).values("project_ref")
        return projects.filter(
            Q(listed=True, status="listed") | Q(organisation_id__in=whole) | Q(pk__in=named)
        )
    return projects.none()


def can_view_project(user: Any, project: Any) -> bool:
    return visible_projects(user).filter(pk=project.pk).exists()


def can_use_project_pool(user: Any) -> bool:
    return role_of(user) == Role.FINANCIAL_ANALYST and user.organisation_id is not None


def can_manage_portfolio(user: Any, institution: Organisation) -> bool:
    return role_of(user) == Role.FINANCIAL_ANALYST and user.organisation_id == institution.pk


def visible_positions(user: Any) -> QuerySet[Any]:
    from greenledger.web.finance.models import Position

    if role_of(user) == Role.FINANCIAL_ANALYST and user.organisation_id is not None:
        return Position.objects.filter(institution_id=user.organisation_id)
    return Position.objects.none()


# Industry ecology:
# - an enterprise's users declare offers and needs for its own sites, see every open offer and
#   need of the district (an anonymous one without the company: the park and the resource
#   only), propose exchanges, confirm their side, and record quantities of active exchanges;
#   the enterprise manager keeps its sites' green supplies, certificates and storage and runs
#   the hourly matching; a park's operator sees its park's pooled figures;
# - the staff see everything (the district's parks and their rates) and change nothing;
# - researchers see the open offers and needs anonymised (the district's symbiosis potential).


def can_manage_listings(user: Any, organisation: Organisation) -> bool:
    return role_of(user) in ENTERPRISE_ROLES and user.organisation_id == organisation.pk


def visible_listings(user: Any, model: Any) -> QuerySet[Any]:
    """The offers or needs (``model``) ``user`` may see: their own enterprise's in any status,
    and every open one of the district; nothing for other roles than staff, enterprise users
    and researchers."""
    listings = model.objects.all()
    role = role_of(user)
    if role in STAFF_ROLES:
        return listings
    if role in ENTERPRISE_ROLES and user.organisation_id is not None:
        return listings.filter(Q(status="open") | Q(organisation_id=user.organisation_id))
    if role == Role.RESEARCHER:
        return listings.filter(status="open")
    return listings.none()


def can_see_listing_company(user: Any, listing: Any) -> bool:
    """Whether ``user`` sees who offers or needs ``listing`` (not only its park and resource)."""
    if role_of(user) in STAFF_ROLES:
        return True
    if role_of(user) in ENTERPRISE_ROLES and user.organisation_id == listing.organisation_id:
        return True
    return not listing.anonymous and role_of(user) in ENTERPRISE_ROLES


def can_propose_exchange(user: Any, offer: Any, need: Any) -> bool:
    """An enterprise user proposes an exchange with one side of its own."""
    own = user.organisation_id
    return role_of(user) in ENTERPRISE_ROLES and own in (
        offer.organisation_id,
        need.organisation_id,
    )


def exchange_side(user: Any, exchange: Any) -> str | None:
    """ "offer" or "need": which side of ``exchange`` the user's enterprise is (None: neither)."""
    if role_of(user) not in ENTERPRISE_ROLES or user.organisation_id is None:
        return None
    if exchange.offer.organisation_id == user.organisation_id:
        return "offer"
    if exchange.need.organisation_id == user.organisation_id:
        return "need"
    return None


def visible_exchanges(user: Any) -> QuerySet[Any]:
    from greenledger.web.ecology.models import Exchange

    exchanges = Exchange.objects.all()
    role = role_of(user)
    if role in STAFF_ROLES:
        return exchanges
    if role in ENTERPRISE_ROLES and user.organisation_id is not None:
        own = user.organisation_id
        return exchanges.filter(Q(offer__organisation_id=own) | Q(need__organisation_id=own))
    return exchanges.none()


def can_manage_green_power(user: Any, site: Site) -> bool:
    return role_of(user) == Role.ENTERPRISE_MANAGER and user.organisation_id == site.organisation_id


def can_view_green_power(user: Any, site: Site) -> bool:
    """A site's (or a park's pooled) hourly matching: its enterprise's users and the staff."""
    if role_of(user) in STAFF_ROLES:
        return True
    return role_of(user) in ENTERPRISE_ROLES and user.organisation_id == site.organisation_id


def can_view_project_evidence(user: Any, project: Any) -> bool:
    """A project's documents (energy audits, third-party assessments): the enterprise's users,
    the staff, and analysts whose institution holds a grant in force covering the project (the
    enterprise's projects, or this one for its due diligence); a pool listing is not enough."""
    role = role_of(user)
    if role in STAFF_ROLES:
        return True
    if role in ENTERPRISE_ROLES:
        return bool(user.organisation_id == project.organisation_id)
    if role == Role.FINANCIAL_ANALYST and user.organisation_id is not None:
        shared = active_grants(user.organisation_id, scope="projects").filter(
            organisation_id=project.organisation_id
        )
        return shared.filter(Q(project_ref__isnull=True) | Q(project_ref=project.pk)).exists()
    return False


def can_record_exchange(user: Any, exchange: Any) -> bool:
    """Quantities of an exchange are recorded by either party's enterprise users, once it is
    active (confirmed by both sides)."""
    return exchange.status == "active" and exchange_side(user, exchange) is not None


def visible_parks(user: Any) -> QuerySet[Site]:
    """The industrial parks whose rates, exchanges and pooled figures ``user`` may see: the
    staff every park; an enterprise's users the parks it operates or has a site in."""
    parks = Site.objects.filter(kind="industrial_park")
    role = role_of(user)
    if role in STAFF_ROLES:
        return parks
    if role in ENTERPRISE_ROLES and user.organisation_id is not None:
        own = user.organisation_id
        tenants = Site.objects.filter(organisation_id=own).values("parent_park_id")
        return parks.filter(Q(organisation_id=own) | Q(pk__in=tenants))
    return parks.none()


# Product footprints and CBAM:
# - an enterprise's manager keeps its products, processes, inputs and CBAM installations and
#   reports, computes footprints, shares a product's footprint with a named customer (a member,
#   or an outside company through PACT client credentials) and revokes it; its reporters see
#   all of it;
# - a member customer sees the footprints shared with it while the share is in force (every
#   read logged) and links them into its own processes; nobody else sees a footprint that is
#   not shared (404);
# - the staff see the district's products and CBAM reports (read only); the evaluator assigned
#   to an enterprise verifies its submitted CBAM reports.


def can_manage_products(user: Any, organisation: Organisation) -> bool:
    return role_of(user) == Role.ENTERPRISE_MANAGER and user.organisation_id == organisation.pk


def can_view_products(user: Any, organisation: Organisation) -> bool:
    """An enterprise's own products, processes, footprints and CBAM reports."""
    role = role_of(user)
    if role in STAFF_ROLES:
        return True
    return role in ENTERPRISE_ROLES and user.organisation_id == organisation.pk


def active_footprint_shares(customer_id: int) -> QuerySet[Any]:
    """The footprint shares in force for the member ``customer_id`` (not revoked, not expired):
    the one test of a share in force for members."""
    from django.utils import timezone

    from greenledger.web.products.models import FootprintShare

    now = timezone.now()
    return FootprintShare.objects.filter(customer_id=customer_id, revoked_at__isnull=True).filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=now)
    )


def visible_footprint_products(user: Any) -> QuerySet[Any]:
    """Products whose footprints ``user`` may read: its own enterprise's, those shared with it
    and in force, and every one for the staff."""
    from greenledger.web.products.models import Product

    products = Product.objects.all()
    role = role_of(user)
    if role in STAFF_ROLES:
        return products
    if role in ENTERPRISE_ROLES and user.organisation_id is not None:
        shared = active_footprint_shares(user.organisation_id).values("product_id")
        return products.filter(Q(organisation_id=user.organisation_id) | Q(pk__in=shared))
    return products.none()


def can_verify_cbam(user: Any, report: Any) -> bool:
    """The evaluator assigned to the report's enterprise (an assignment in force)."""
    if role_of(user) != Role.EVALUATOR:
        return False
    return Assignment.objects.filter(
        evaluator_id=user.pk,
        organisation_id=report.installation.organisation_id,
        ended_at__isnull=True,
    ).exists()


# Alliance life:
# - anyone (also anonymous visitors) applies to join; the staff review the applications;
# - an organisation's colleague managers (its enterprise managers, or the account made when its
#   application was approved: ``organisation_admin``) invite colleagues into the roles the
#   organisation's kind allows, see who has access and remove people;
# - the staff publish events and notices and check participants in; users of a member
#   organisation whose membership is active register participants for published events;
# - published events and public notices are public; a notice addressed to a kind of member is
#   seen by the users of organisations of that kind (and the staff);
# - the district administrator and the secretariat read the outgoing mail.

# The roles an organisation's manager may invite colleagues into, by organisation kind.
INVITABLE_ROLES: dict[str, tuple[str, ...]] = {
    "enterprise": (Role.ENTERPRISE_MANAGER, Role.ENTERPRISE_REPORTER),
    "financial_institution": (Role.FINANCIAL_ANALYST,),
    "research_institution": (Role.RESEARCHER,),
    "social_organisation": (Role.SOCIAL_MEMBER,),
}


def invitable_roles(organisation: Organisation) -> tuple[str, ...]:
    return INVITABLE_ROLES.get(organisation.kind, ())


def can_review_applications(user: Any) -> bool:
    return is_registry_staff(user)


def can_manage_colleagues(user: Any, organisation: Organisation) -> bool:
    """The organisation's enterprise managers, and its colleague manager of any kind."""
    role = role_of(user)
    if role is None or user.organisation_id != organisation.pk:
        return False
    return role == Role.ENTERPRISE_MANAGER or bool(user.organisation_admin)


def can_manage_events(user: Any) -> bool:
    return is_registry_staff(user)


def can_check_in(user: Any) -> bool:
    return is_registry_staff(user)


def is_active_member_user(user: Any) -> bool:
    """A user of an organisation whose alliance membership is active."""
    if role_of(user) is None or user.organisation_id is None:
        return False
    return Membership.objects.filter(organisation_id=user.organisation_id, status="active").exists()


def can_register_for_events(user: Any) -> bool:
    return is_active_member_user(user)


def can_manage_notices(user: Any) -> bool:
    return is_registry_staff(user)


def visible_notices(user: Any) -> QuerySet[Any]:
    """Published notices ``user`` may read: public ones for everyone, those addressed to the
    kind of the user's organisation when it is an active member, every published one for the
    staff."""
    from greenledger.web.alliance.models import Notice

    published = Notice.objects.filter(published_at__isnull=False, withdrawn_at__isnull=True)
    role = role_of(user)
    if role in STAFF_ROLES:
        return published
    audience = Q(public=True)
    organisation = getattr(user, "organisation", None) if role is not None else None
    # only an active member's users read what is addressed to members of their kind
    if organisation is not None and is_active_member_user(user):
        flag = {
            "enterprise": "for_enterprises",
            "research_institution": "for_research",
            "financial_institution": "for_financial",
            "social_organisation": "for_social",
        }.get(organisation.kind)
        if flag:
            audience |= Q(**{flag: True})
    return published.filter(audience)


def can_read_outgoing_mail(user: Any) -> bool:
    return is_registry_staff(user)
