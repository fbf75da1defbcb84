"""Alliance life: applications to join, invitations of colleagues, events with their agenda and
registrations, notices, and the outgoing mail of all of it.

Rules live in ``services`` (writes) and ``selectors`` (reads), not here. Uploaded files
(application documents, event and notice attachments) are stored outside the web root under
``PRIVATE_MEDIA_ROOT/alliance/``, checked by content like assessment evidence, with their
SHA-256. One-time secrets (activation and invitation links, an applicant's status key) are kept
only as SHA-256 hashes.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from greenledger.web.members.models import MembershipStanding, OrganisationKind

# ------------------------------------------------------------------------------------ joining


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    # the secretariat asked for more; the applicant answers through the status link
    MORE_INFO = "more_info", _("More information requested")
    APPROVED = "approved", pgettext_lazy("application", "Approved")
    REJECTED = "rejected", pgettext_lazy("application", "Rejected")
    WITHDRAWN = "withdrawn", pgettext_lazy("application", "Withdrawn")


OPEN_APPLICATION_STATUSES = (ApplicationStatus.SUBMITTED, ApplicationStatus.MORE_INFO)


class JoinApplication(models.Model):
    """An organisation's application to join the alliance, filled in by someone without an
    account. The applicant follows it through a status link (``status_key_hash``: the SHA-256
    of the secret in the link sent to ``contact_email``). A credit code already in the registry
    or in another open application is refused at submission. Approval creates the
    organisation, its membership at the requested standing and a manager account with an
    activation link."""

    # "JA-2026-0007": year of submission and a sequence within it
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=OrganisationKind.choices)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    # normalised (upper case, no spaces) and checked by core.registry.credit_code
    credit_code = models.CharField(_("Unified Social Credit Code"), max_length=18)
    industry_code = models.CharField(_("industry code (GB/T 4754-2017)"), max_length=5, blank=True)
    address = models.CharField(_("address"), max_length=300)
    district = models.CharField(_("district"), max_length=100)
    contact_name = models.CharField(_("contact person"), max_length=100)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    contact_email = models.EmailField(_("contact e-mail"))
    standing = models.CharField(
        _("standing applied for"), max_length=20, choices=MembershipStanding.choices
    )
    statement = models.TextField(_("why the organisation joins"), blank=True)
    # the applicant's interface language when applying: the language of every mail to them
    language = models.CharField(_("language"), max_length=10, default="zh-hans")
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
    )
    status_key_hash = models.CharField(max_length=64, unique=True)
    submitted_at = models.DateTimeField(_("submitted at"))
    updated_at = models.DateTimeField(_("updated at"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    # the reasons of a rejection, or the secretariat's note on an approval
    decision_note = models.TextField(_("reasons"), blank=True)
    # set on approval
    organisation = models.OneToOneField(
        "members.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="join_application",
        verbose_name=_("organisation"),
    )
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("manager account"),
    )

    class Meta:
        verbose_name = _("application to join")
        verbose_name_plural = _("applications to join")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            # one open application per credit code: a second is refused before review
            models.UniqueConstraint(
                fields=["credit_code"],
                condition=Q(status__in=["submitted", "more_info"]),
                name="one_open_join_application_per_credit_code",
            )
        ]
        indexes = [models.Index(fields=["status", "submitted_at"])]

    def __str__(self) -> str:
        return f"{self.reference} {self.name_zh}"


class ApplicationDocumentKind(models.TextChoices):
    BUSINESS_LICENCE = "business_licence", _("Business licence or registration certificate")
    LETTER = "application_letter", _("Signed application letter")
    PROFILE = "profile", _("Organisation profile")
    OTHER = "other", pgettext_lazy("document kind", "Other")


class StoredFile(models.Model):
    """An uploaded file checked by content and kept outside the web root: the columns that
    application documents, event attachments and notice attachments share."""

    filename = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    # relative to PRIVATE_MEDIA_ROOT
    stored_path = models.CharField(max_length=300)
    uploaded_at = models.DateTimeField(_("uploaded at"))

    class Meta:
        abstract = True


class ApplicationDocument(StoredFile):
    """A supporting document of an application: PDF or image, checked by content."""

    application = models.ForeignKey(
        JoinApplication, on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("document"), max_length=32, choices=ApplicationDocumentKind.choices)

    class Meta:
        verbose_name = _("application document")
        verbose_name_plural = _("application documents")
        ordering = ["application_id", "id"]


class ApplicationMessageKind(models.TextChoices):
    REQUEST = "request", _("Request for more information")
    REPLY = "reply", _("Applicant's reply")
    DECISION = "decision", _("Decision")


class ApplicationMessage(models.Model):
    """The exchange between the secretariat and the applicant on one application, oldest
    first. ``author`` is null for the applicant (who has no account yet)."""

    application = models.ForeignKey(
        JoinApplication, on_delete=models.CASCADE, related_name="messages"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ApplicationMessageKind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    text = models.TextField(_("text"))
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("application message")
        verbose_name_plural = _("application messages")
        ordering = ["application_id", "at", "id"]


class Activation(models.Model):
    """A one-time link that lets a new account choose its password (the manager account of an
    approved application). Works once, until ``expires_at``."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="activations"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"))
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("activation link")
        verbose_name_plural = _("activation links")
        ordering = ["id"]


# ---------------------------------------------------------------------------------- colleagues


class Invitation(models.Model):
    """An organisation's manager invites a colleague by e-mail into a role the organisation's
    kind allows (``accounts.permissions.invitable_roles``). The link works once, until
    ``expires_at``; accepting it creates the account. A revoked invitation no longer works."""

    organisation = models.ForeignKey(
        "members.Organisation",
        on_delete=models.PROTECT,
        related_name="invitations",
        verbose_name=_("organisation"),
    )
    email = models.EmailField(_("e-mail"))
    role = models.CharField(_("role"), max_length=32)
    # the inviter's language unless they chose another for the colleague
    language = models.CharField(_("language"), max_length=10, default="zh-hans")
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("created at"))
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("account"),
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organisation", "created_at"])]


# ------------------------------------------------------------------------------------- events


class EventKind(models.TextChoices):
    CONFERENCE = "conference", _("Conference")
    FORUM = "forum", _("Forum")
    TRAINING = "training", _("Training")
    SITE_VISIT = "site_visit", _("Site visit")


class Theme(models.TextChoices):
    TECHNOLOGY = "technology", _("Dual-carbon goals through technological innovation")
    COORDINATED_REDUCTION = (
        "coordinated_reduction",
        _("Coordinated reduction of pollution and carbon"),
    )
    INDUSTRY_ECOLOGY = "industry_ecology", _("Industry ecology for decarbonisation")


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", pgettext_lazy("event", "Published")
    CANCELLED = "cancelled", _("Cancelled")


class Event(models.Model):
    """An alliance event. Drafts are seen by the secretariat only; published and cancelled
    events have public pages, an iCalendar file and appear in the feeds."""

    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    title_zh = models.CharField(_("title (Chinese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    summary_zh = models.TextField(_("summary (Chinese)"), blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    venue_zh = models.CharField(_("venue (Chinese)"), max_length=200)
    venue_en = models.CharField(_("venue (English)"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    # null: no limit. Confirmed registrations never exceed it; the rest wait in line.
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    # How many may wait once the seats are taken (null: no limit; 0: no waiting list). A
    # registration beyond the seats and the waiting list is refused.
    waitlist_limit = models.PositiveIntegerField(_("waiting list places"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(
        _("registration closes at"), null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=EventStatus.choices, default=EventStatus.DRAFT
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"))
    updated_at = models.DateTimeField(_("updated at"))
    # bumped on every published change: the iCalendar SEQUENCE
    sequence = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["status", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")), name="event_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title_zh


class EventTheme(models.Model):
    """A theme the event serves (one row per theme)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="themes")
    theme = models.CharField(_("theme"), max_length=32, choices=Theme.choices)

    class Meta:
        verbose_name = _("event theme")
        verbose_name_plural = _("event themes")
        ordering = ["event_id", "id"]
        constraints = [models.UniqueConstraint(fields=["event", "theme"], name="event_theme_once")]


class SessionKind(models.TextChoices):
    OPENING = "opening", _("Opening")
    KEYNOTE = "keynote", _("Keynote")
    PANEL = "panel", _("Panel discussion")
    RECOGNITION = "recognition", _("Recognition ceremony")
    TALK = "talk", _("Talk")
    VISIT = "visit", _("Visit")
    BREAK = "break", _("Break")


class Session(models.Model):
    """One item of an event's agenda, in ``order``."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    order = models.PositiveSmallIntegerField(_("order"))
    kind = models.CharField(_("kind"), max_length=20, choices=SessionKind.choices)
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    title_zh = models.CharField(_("title (Chinese)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    theme = models.CharField(_("theme"), max_length=32, choices=Theme.choices, blank=True)

    class Meta:
        verbose_name = _("agenda session")
        verbose_name_plural = _("agenda sessions")
        ordering = ["event_id", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "order"], name="session_order_unique")
        ]


class SpeakerRole(models.TextChoices):
    SPEAKER = "speaker", _("Speaker")
    MODERATOR = "moderator", _("Moderator")
    PANELLIST = "panellist", _("Panellist")


class Speaker(models.Model):
    """A person on a session: name, affiliation, job title and the topic they speak on."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="speakers")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    role = models.CharField(
        _("role"), max_length=20, choices=SpeakerRole.choices, default=SpeakerRole.SPEAKER
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=100)
    affiliation = models.CharField(_("affiliation"), max_length=200, blank=True)
    # job title ("Chief Engineer"), not the talk's title
    title = models.CharField(pgettext_lazy("speaker", "title"), max_length=200, blank=True)
    topic = models.CharField(_("topic"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        ordering = ["session_id", "order", "id"]


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", pgettext_lazy("registration", "Confirmed")
    WAITLISTED = "waitlisted", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class Registration(models.Model):
    """A participant registered by a member organisation's user. ``code`` is the check-in code
    (shown as a QR code); a confirmed registration is checked in once. When a confirmed
    participant cancels, the first on the waiting list (``registered_at``, ``id``) moves up."""

    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="registrations")
    organisation = models.ForeignKey(
        "members.Organisation",
        on_delete=models.PROTECT,
        related_name="event_registrations",
        verbose_name=_("organisation"),
    )
    # the colleague's account when the participant has one
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="event_registrations",
        verbose_name=_("account"),
    )
    name = models.CharField(_("participant"), max_length=100)
    email = models.EmailField(_("e-mail"))
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=RegistrationStatus.choices)
    # random, unique, typed or scanned at the door
    code = models.CharField(_("check-in code"), max_length=16, unique=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    registered_at = models.DateTimeField(_("registered at"))
    promoted_at = models.DateTimeField(
        _("moved up from the waiting list at"), null=True, blank=True
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked in by"),
    )

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["event_id", "registered_at", "id"]
        constraints = [
            # one registration in force per participant and event
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=~Q(status="cancelled"),
                name="one_registration_per_participant",
            )
        ]
        indexes = [models.Index(fields=["event", "status"])]


class AttachmentKind(models.TextChoices):
    SLIDES = "slides", _("Slides")
    SUMMARY = "summary", pgettext_lazy("attachment", "Summary")
    PHOTO = "photo", _("Photo")
    DOCUMENT = "document", _("Document")


class EventAttachment(StoredFile):
    """Slides, a summary or photos attached to an event (typically afterwards), optionally to
    one of its sessions. Public with the event's page."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="attachments")
    session = models.ForeignKey(
        Session, on_delete=models.SET_NULL, null=True, blank=True, related_name="attachments"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AttachmentKind.choices)
    title = models.CharField(_("title"), max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("event attachment")
        verbose_name_plural = _("event attachments")
        ordering = ["event_id", "id"]


class EventRecognition(models.Model):
    """A recognition announced at the event: links the event to the recognition call whose
    published list it announced (the list itself lives with the assessments)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="recognitions")
    call = models.ForeignKey(
        "assessments.RecognitionCall",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=pgettext_lazy("event", "recognition call"),
    )
    session = models.ForeignKey(
        Session, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("recognition announced")
        verbose_name_plural = _("recognitions announced")
        ordering = ["event_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "call"], name="event_recognition_once")
        ]


# ------------------------------------------------------------------------------------ notices


class NoticeKind(models.TextChoices):
    POLICY = "policy", _("Policy")
    CALL = "call", _("Call")
    RESULT = "result", pgettext_lazy("notice", "Result")


class Notice(models.Model):
    """A notice of the secretariat, in Chinese and English. ``public`` notices are on the
    public list and the Atom feed; the ``for_*`` flags address it to members of those kinds
    (a public notice is for everyone). Unpublished (``published_at`` null) notices are drafts;
    a withdrawn notice leaves every list."""

    kind = models.CharField(_("kind"), max_length=20, choices=NoticeKind.choices)
    title_zh = models.CharField(_("title (Chinese)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300)
    body_zh = models.TextField(_("text (Chinese)"))
    body_en = models.TextField(_("text (English)"))
    public = models.BooleanField(_("public"), default=True)
    for_enterprises = models.BooleanField(_("for enterprises"), default=False)
    for_research = models.BooleanField(_("for research institutions"), default=False)
    for_financial = models.BooleanField(_("for financial institutions"), default=False)
    for_social = models.BooleanField(_("for social organisations"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"))
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["published_at"])]

    def __str__(self) -> str:
        return self.title_zh


class NoticeAttachment(StoredFile):
    """A file attached to a notice (PDF, images, XLSX or DOCX forms), checked by content."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(_("title"), max_length=200)

    class Meta:
        verbose_name = _("notice attachment")
        verbose_name_plural = _("notice attachments")
        ordering = ["notice_id", "id"]


# --------------------------------------------------------------------------------------- mail


class MailStatus(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("mail", "Queued")
    SENT = "sent", _("Sent")
    # retried ``GREENLEDGER_MAIL_MAX_ATTEMPTS`` times without success
    FAILED = "failed", pgettext_lazy("mail", "Failed")


class OutgoingMail(models.Model):
    """One message, rendered in the recipient's language when it was queued, sent by the task
    worker through Django's mail backend and retried with a growing delay."""

    to = models.EmailField(_("to"))
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text"))
    language = models.CharField(_("language"), max_length=10)
    # the template's name ("activation", "invitation", ...): what the message is about
    template = models.CharField(pgettext_lazy("mail", "message"), max_length=60)
    status = models.CharField(
        _("status"), max_length=20, choices=MailStatus.choices, default=MailStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("queued at"))
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing mail")
        verbose_name_plural = _("outgoing mail")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"
