"""Users with one role each, API tokens, evaluator assignments and data-sharing grants."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    DISTRICT_ADMIN = "district_admin", _("District administrator")
    SECRETARIAT = "secretariat", _("Alliance secretariat")
    ENTERPRISE_MANAGER = "enterprise_manager", _("Enterprise energy manager")
    ENTERPRISE_REPORTER = "enterprise_reporter", _("Enterprise reporter")
    EVALUATOR = "evaluator", _("Third-party evaluator")
    FINANCIAL_ANALYST = "financial_analyst", _("Financial analyst")
    RESEARCHER = "researcher", _("Research institution staff")
    SOCIAL_MEMBER = "social_member", _("Social organisation staff")
    PUBLIC = "public", _("Public user")


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=32, choices=Role.choices, default=Role.PUBLIC)
    organisation = models.ForeignKey(
        "members.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("organisation"),
        help_text=_("The enterprise of an enterprise user; the institution of an analyst."),
    )
    # The account that may invite and remove its organisation's colleagues, beside the
    # enterprise managers (who always may): the manager account made when the secretariat
    # approves an organisation's application to join the alliance.
    organisation_admin = models.BooleanField(
        _("manages the organisation's colleagues"), default=False
    )
    # The language of mail to the user, set from the interface language they last used
    # (signing in, switching language, activating the account, accepting an invitation).
    language = models.CharField(
        _("language"),
        max_length=10,
        blank=True,
        choices=[(code, name) for code, name in settings.LANGUAGES],
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["id"]


class ApiToken(models.Model):
    """A per-user API token. Only its SHA-256 is stored; the token is shown once."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=12)
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"))
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class Assignment(models.Model):
    """An evaluator is assigned to review one organisation."""

    evaluator = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("evaluator"),
    )
    organisation = models.ForeignKey(
        "members.Organisation",
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("organisation"),
    )
    created_at = models.DateTimeField(_("created at"))
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    class Meta:
        verbose_name = _("evaluator assignment")
        verbose_name_plural = _("evaluator assignments")
        ordering = ["id"]


class SharingPurpose(models.TextChoices):
    GENERAL = "general", _("General (granted before purposes were recorded)")
    DUE_DILIGENCE = "due_diligence", _("Due diligence of a financing project")
    KPI_MONITORING = "kpi_monitoring", _("Annual KPI monitoring")
    PORTFOLIO = "portfolio_accounting", _("Portfolio carbon accounting")


class SharingScope(models.TextChoices):
    INVENTORIES = "inventories", _("Verified inventories")
    PLANS = "plans", _("Decarbonisation plans")
    PROJECTS = "projects", _("Financing projects")
    METERS = "meters", _("Meter series")


class DataSharing(models.Model):
    """An enterprise shares its data with a financial institution until it revokes the grant."""

    organisation = models.ForeignKey(
        "members.Organisation",
        on_delete=models.PROTECT,
        related_name="sharing_grants",
        verbose_name=_("sharing organisation"),
    )
    institution = models.ForeignKey(
        "members.Organisation",
        on_delete=models.PROTECT,
        related_name="shared_with_us",
        verbose_name=_("financial institution"),
    )
    # Why the enterprise shares: due diligence of a financing project, yearly KPI
    # monitoring, portfolio carbon accounting; "general" for grants made before purposes existed.
    purpose = models.CharField(
        _("purpose"), max_length=32, choices=SharingPurpose.choices, default=SharingPurpose.GENERAL
    )
    # Which data the institution may read (SharingScope): one flag each, so that querysets
    # filter on them on every database.
    inventories = models.BooleanField(_("verified inventories"), default=True)
    plans = models.BooleanField(_("decarbonisation plans"), default=True)
    projects = models.BooleanField(_("financing projects"), default=True)
    meters = models.BooleanField(_("meter series"), default=True)
    # A project the grant is for (finance.Project id), when the purpose is due diligence.
    project_ref = models.PositiveBigIntegerField(_("project"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("data-sharing grant")
        verbose_name_plural = _("data-sharing grants")
        ordering = ["id"]


class DataAccess(models.Model):
    """One read of shared data by a financial institution's user (the enterprise sees them)."""

    grant = models.ForeignKey(DataSharing, on_delete=models.PROTECT, related_name="accesses")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    organisation = models.ForeignKey(
        "members.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    institution = models.ForeignKey(
        "members.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    scope = models.CharField(_("data"), max_length=32, choices=SharingScope.choices)
    object_type = models.CharField(_("object type"), max_length=64)
    object_id = models.CharField(_("object"), max_length=64, blank=True)
    path = models.CharField(_("address"), max_length=500, blank=True)
    # an attempt after the grant was revoked or had expired: answered 404, logged all the same
    refused = models.BooleanField(_("refused"), default=False)
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("data access")
        verbose_name_plural = _("data accesses")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["organisation", "at"])]

    def __str__(self) -> str:
        return f"{self.object_type} {self.object_id} ({self.at:%Y-%m-%d %H:%M})"
