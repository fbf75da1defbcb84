"""Registry tables. Rules live in ``services`` (writes) and ``selectors`` (reads), not here."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("Enterprise")
    RESEARCH = "research_institution", _("Research institution")
    FINANCIAL = "financial_institution", _("Financial institution")
    SOCIAL = "social_organisation", _("Social organisation")


class Organisation(models.Model):
    kind = models.CharField(_("kind"), max_length=32, choices=OrganisationKind.choices)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    credit_code = models.CharField(_("Unified Social Credit Code"), max_length=18, unique=True)
    industry_code = models.CharField(_("industry code (GB/T 4754-2017)"), max_length=5, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    district = models.CharField(_("district"), max_length=100)
    contact_name = models.CharField(_("contact person"), max_length=100, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Published organisations are visible to the public."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["id"]
        indexes = [
            models.Index(fields=["kind"]),
            models.Index(fields=["district"]),
            models.Index(fields=["published"]),
        ]

    def __str__(self) -> str:
        return self.name_zh


class MembershipStanding(models.TextChoices):
    COUNCIL = "council_member", _("Council member")
    MEMBER = "member", _("Member")
    OBSERVER = "observer", _("Observer")


class MembershipStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    # not renewed by the end of the year it was paid for: still listed, with its history
    LAPSED = "lapsed", _("Lapsed")


class Membership(models.Model):
    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.PROTECT,
        related_name="membership",
        verbose_name=_("organisation"),
    )
    joined_on = models.DateField(_("joined on"))
    standing = models.CharField(_("standing"), max_length=20, choices=MembershipStanding.choices)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=MembershipStatus.choices,
        default=MembershipStatus.ACTIVE,
    )
    # Memberships renew yearly: the last day the membership is paid for (null for memberships
    # recorded before renewals were kept). Past it, the daily schedule marks the member lapsed.
    renewed_until = models.DateField(_("renewed until"), null=True, blank=True)

    class Meta:
        verbose_name = _("alliance membership")
        verbose_name_plural = _("alliance memberships")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_standing_display()})"


class MembershipHistory(models.Model):
    """One row per change of a membership's standing or status, oldest first."""

    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="history")
    changed_at = models.DateTimeField(_("changed at"))
    effective_on = models.DateField(_("effective on"))
    standing = models.CharField(_("standing"), max_length=20, choices=MembershipStanding.choices)
    status = models.CharField(_("status"), max_length=20, choices=MembershipStatus.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    changed_by = models.CharField(_("changed by"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("membership history entry")
        verbose_name_plural = _("membership history")
        ordering = ["membership_id", "changed_at", "id"]


class SiteKind(models.TextChoices):
    FACTORY = "factory", _("Factory")
    PARK = "industrial_park", _("Industrial park")
    DATA_CENTRE = "data_centre", _("Data centre")
    OFFICE = "office", _("Office")
    OTHER = "other", _("Other")


class Site(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="sites",
        verbose_name=_("organisation"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=SiteKind.choices)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    district = models.CharField(_("district"), max_length=100)
    address = models.CharField(_("address"), max_length=300, blank=True)
    parent_park = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tenants",
        verbose_name=_("industrial park"),
    )
    it_load_kw = models.DecimalField(
        _("IT load capacity (kW)"), max_digits=12, decimal_places=1, null=True, blank=True
    )
    # WGS-84 degrees, for distances between sites and the park map
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name_zh"], name="site_name_unique_per_organisation"
            )
        ]
        indexes = [models.Index(fields=["kind"])]

    def __str__(self) -> str:
        return self.name_zh


class DesignationType(models.TextChoices):
    GREEN_FACTORY = "green_factory", _("Green factory")
    GREEN_SUPPLY_CHAIN = "green_supply_chain", _("Green supply chain")
    GREEN_DESIGN_PRODUCT = "green_design_product", _("Green design product")
    GREEN_PARK = "green_park", _("Green park")
    ZERO_CARBON_FACTORY = "zero_carbon_factory", _("Zero-carbon factory")
    ZERO_CARBON_PARK = "zero_carbon_park", _("Zero-carbon park")
    ZERO_CARBON_DATA_CENTER = "zero_carbon_data_center", _("Zero-carbon data centre")
    OUTSTANDING_GREEN_PARK = (
        "outstanding_green_park",
        _("Outstanding green low-carbon industrial park"),
    )
    ENERGY_SAVING_DEMO_BASE = (
        "energy_saving_demo_base",
        _("Energy-saving low-carbon demonstration base"),
    )
    ZERO_CARBON_DEMO_UNIT = "zero_carbon_demo_unit", _("Zero-carbon demonstration unit")
    GREEN_MANUFACTURING_DEMO_UNIT = (
        "green_manufacturing_demo_unit",
        _("Green manufacturing demonstration unit"),
    )


class DesignationLevel(models.TextChoices):
    NATIONAL = "national", _("National")
    MUNICIPAL = "municipal", _("Municipal")
    DISTRICT = "district", _("District")


class DesignationStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")


class Designation(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="designations",
        verbose_name=_("organisation"),
    )
    site = models.ForeignKey(
        Site,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="designations",
        verbose_name=_("site"),
    )
    type = models.CharField(_("type"), max_length=40, choices=DesignationType.choices)
    level = models.CharField(_("level"), max_length=20, choices=DesignationLevel.choices)
    batch = models.CharField(_("batch"), max_length=60, blank=True)
    year = models.PositiveSmallIntegerField(_("year"))
    issuing_body = models.CharField(_("issuing body"), max_length=200)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=DesignationStatus.choices,
        default=DesignationStatus.ACTIVE,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("designation")
        verbose_name_plural = _("designations")
        ordering = ["id"]
        indexes = [models.Index(fields=["type", "status"]), models.Index(fields=["year"])]

    def __str__(self) -> str:
        return f"{self.get_type_display()} {self.year}: {self.organisation}"
