"""Product-footprint and CBAM tables. Rules live in ``services`` (writes) and ``selectors``
(reads), not here; the arithmetic (the supply-graph solve, contributions, CBAM embedded
emissions, the PACT data model) is the pure core ``core.products``.

- ``Product`` / ``Process`` / ``ProcessInput``: what a site makes, how (each process's annual
  output and the share of the site's verified emissions attributed to it, its electricity with
  the factor and the factor's source), and what each process takes per unit of output: one of
  the enterprise's own products, a supplier's shared footprint, or a background factor.
- ``Footprint``: one solved, versioned cradle-to-gate footprint of a product (the figure, its
  contributions, biogenic carbon, data quality, primary-data share, and the data and rule
  versions behind it); a newer version supersedes the older one.
- ``FootprintShare``: a supplier's consent that a named customer (a member, or an outside
  company reading through the PACT API) may read a product's footprint; revocable; each read
  is a ``FootprintRead`` and each new version a ``FootprintNotice`` to the holders.
- ``PactClient`` / ``PactToken`` / ``PactEvent``: the client credentials an outside customer's
  system uses on the PACT API, the access tokens issued to it, and the events it sent.
- ``Installation`` / ``CbamReport``: a CBAM installation (a site) and its report for a period:
  the goods and precursors given, the computed embedded emissions, the carbon price paid, and
  the evaluator's verification.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Product(models.Model):
    organisation = models.ForeignKey(
        "members.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("enterprise"),
    )
    site = models.ForeignKey(
        "members.Site", on_delete=models.PROTECT, related_name="+", verbose_name=_("site")
    )
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    unit = models.CharField(_("unit"), max_length=16)  # declared unit, e.g. t, kg, kWh, piece
    cn_code = models.CharField(_("CN code"), max_length=10, blank=True)  # where exported to the EU
    cpc_code = models.CharField(_("CPC code"), max_length=10, blank=True)
    # what the supplier states for PACT and the platform does not compute (e.g. the product's
    # fossil and biogenic carbon content, the characterisation factors, the boundary)
    pact_statements = models.JSONField(_("PACT statements"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"))
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["organisation_id", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["site", "name"], name="products_product_per_site")
        ]

    def __str__(self) -> str:
        return self.name


class AttributionBasis(models.TextChoices):
    SOURCE_STREAMS = "source_streams", _("By source stream")
    METERED = "metered", _("By a metered allocation key")
    STATED = "stated", _("By a stated allocation key")


class Process(models.Model):
    organisation = models.ForeignKey(
        "members.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("enterprise"),
    )
    site = models.ForeignKey(
        "members.Site", on_delete=models.PROTECT, related_name="+", verbose_name=_("site")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    name = models.CharField(_("name"), max_length=200)
    # the reference product (one process per product and year)
    product = models.ForeignKey(
        Product, on_delete=models.PROTECT, related_name="processes", verbose_name=_("product")
    )
    annual_output = models.FloatField(_("annual output"))  # in the product's unit
    # the site's verified emissions attributed to this process, a year
    attribution_basis = models.CharField(
        _("attribution"), max_length=16, choices=AttributionBasis.choices
    )
    # source streams: [{"line": ..., "share": 0..1}]; keys: {"key": name, "value": ..., "of": ...}
    attribution = models.JSONField(_("attribution details"), default=dict, blank=True)
    direct_tco2e = models.FloatField(_("direct emissions (tCO2e a year)"), default=0.0)
    biogenic_tco2e = models.FloatField(_("biogenic CO2 (t a year)"), default=0.0)
    electricity_mwh = models.FloatField(_("electricity (MWh a year)"), default=0.0)
    # the electricity factor used for the footprint (kgCO2e/kWh) and which series/value it is
    electricity_factor = models.FloatField(_("electricity factor (kgCO2e/kWh)"), null=True)
    electricity_factor_source = models.CharField(_("factor source"), max_length=500, blank=True)
    primary = models.BooleanField(_("primary data"), default=True)
    # data-quality indicators (pedigree-style scores 1-5 by criterion)
    dqi = models.JSONField(_("data quality"), default=dict, blank=True)
    # the verified inventory the attribution comes from
    provenance = models.JSONField(_("provenance"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"))
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        verbose_name = _("process")
        verbose_name_plural = _("processes")
        ordering = ["site_id", "year", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["product", "year"], name="products_process_per_year")
        ]

    def __str__(self) -> str:
        return self.name


class InputKind(models.TextChoices):
    OWN = "own", _("Own product")
    SUPPLIER = "supplier", _("Supplier's shared footprint")
    BACKGROUND = "background", _("Background factor")


class ProcessInput(models.Model):
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="inputs")
    kind = models.CharField(_("kind"), max_length=16, choices=InputKind.choices)
    own_product = models.ForeignKey(
        Product, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # a supplier's product whose footprint is shared with this enterprise
    supplier_product = models.ForeignKey(
        Product, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    background_key = models.CharField(_("background factor"), max_length=100, blank=True)
    amount = models.FloatField(_("amount per unit of output"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("process input")
        verbose_name_plural = _("process inputs")
        ordering = ["process_id", "id"]

    def __str__(self) -> str:
        return f"{self.process_id}: {self.kind} {self.amount}"


class FootprintStatus(models.TextChoices):
    CURRENT = "current", _("Current")
    SUPERSEDED = "superseded", _("Superseded")


class Footprint(models.Model):
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="footprints")
    year = models.PositiveSmallIntegerField(_("reference year"))
    version = models.PositiveIntegerField(_("version"))
    # the PACT ProductFootprint id of this version
    pact_id = models.UUIDField(_("PACT id"), default=uuid.uuid4, unique=True)
    status = models.CharField(
        _("status"), max_length=16, choices=FootprintStatus.choices, default=FootprintStatus.CURRENT
    )
    tco2e_per_unit = models.FloatField(_("footprint (tCO2e per unit)"))
    biogenic_tco2e_per_unit = models.FloatField(_("biogenic (tCO2e per unit)"), default=0.0)
    primary_data_share = models.FloatField(_("primary-data share"), null=True)
    dqi = models.FloatField(_("data-quality indicator"), null=True)
    # by input and by supplier/background: tCO2e per unit, adding up to the footprint
    contributions = models.JSONField(_("contributions"), default=dict)
    # processes, inputs, shared supplier footprints (id, version), background factors, rules
    provenance = models.JSONField(_("provenance"), default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("footprint")
        verbose_name_plural = _("footprints")
        ordering = ["product_id", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["product", "version"], name="products_footprint_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.product} v{self.version}"


class PactClient(models.Model):
    """Client credentials of an outside customer's system on the PACT API."""

    organisation = models.ForeignKey(
        "members.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("supplier"),
    )
    name = models.CharField(_("customer"), max_length=200)
    client_id = models.CharField(_("client id"), max_length=64, unique=True)
    secret_hash = models.CharField(_("secret (hash)"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("PACT client")
        verbose_name_plural = _("PACT clients")
        ordering = ["organisation_id", "name"]

    def __str__(self) -> str:
        return self.name


class PactToken(models.Model):
    client = models.ForeignKey(PactClient, on_delete=models.CASCADE, related_name="tokens")
    token_hash = models.CharField(_("token (hash)"), max_length=64, unique=True)
    issued_at = models.DateTimeField(_("issued at"))
    expires_at = models.DateTimeField(_("expires at"))

    class Meta:
        verbose_name = _("PACT token")
        verbose_name_plural = _("PACT tokens")
        ordering = ["-issued_at"]


class FootprintShare(models.Model):
    """A supplier's consent that one customer may read one product's footprint (every version
    while in force). The customer is a member organisation or an outside PACT client."""

    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="shares")
    customer = models.ForeignKey(
        "members.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("customer"),
    )
    client = models.ForeignKey(
        PactClient,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="shares",
        verbose_name=_("outside customer"),
    )
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    granted_at = models.DateTimeField(_("granted at"))
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("footprint share")
        verbose_name_plural = _("footprint shares")
        ordering = ["-granted_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(customer__isnull=False, client__isnull=True)
                | models.Q(customer__isnull=True, client__isnull=False),
                name="products_share_one_customer",
            )
        ]

    def __str__(self) -> str:
        return f"{self.product} -> {self.customer_id or self.client_id}"


class FootprintRead(models.Model):
    share = models.ForeignKey(FootprintShare, on_delete=models.PROTECT, related_name="reads")
    footprint = models.ForeignKey(Footprint, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    path = models.CharField(_("address"), max_length=500, blank=True)
    refused = models.BooleanField(_("refused"), default=False)
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("footprint read")
        verbose_name_plural = _("footprint reads")
        ordering = ["-at", "-id"]


class FootprintNotice(models.Model):
    """A new version of a footprint a customer holds (or used in its model)."""

    share = models.ForeignKey(FootprintShare, on_delete=models.CASCADE, related_name="notices")
    footprint = models.ForeignKey(Footprint, on_delete=models.CASCADE, related_name="+")
    previous = models.ForeignKey(
        Footprint, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"))
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("footprint notice")
        verbose_name_plural = _("footprint notices")
        ordering = ["-created_at", "-id"]


class PactEvent(models.Model):
    client = models.ForeignKey(
        PactClient, on_delete=models.PROTECT, null=True, related_name="events"
    )
    type = models.CharField(_("type"), max_length=200)
    payload = models.JSONField(_("payload"))
    received_at = models.DateTimeField(_("received at"))

    class Meta:
        verbose_name = _("PACT event")
        verbose_name_plural = _("PACT events")
        ordering = ["-received_at", "-id"]


class Installation(models.Model):
    """A CBAM installation: a site of an exporting enterprise."""

    organisation = models.ForeignKey(
        "members.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("enterprise"),
    )
    site = models.OneToOneField(
        "members.Site", on_delete=models.PROTECT, related_name="+", verbose_name=_("site")
    )
    name_en = models.CharField(_("installation name (English)"), max_length=200)
    address_en = models.CharField(_("address (English)"), max_length=300, blank=True)
    unlocode = models.CharField(_("UN/LOCODE"), max_length=6, blank=True)
    production_route = models.CharField(_("production route"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("CBAM installation")
        verbose_name_plural = _("CBAM installations")
        ordering = ["organisation_id", "name_en"]

    def __str__(self) -> str:
        return self.name_en


class CbamStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for verification")
    VERIFIED = "verified", _("Verified")
    RETURNED = "returned", _("Returned for correction")


class CbamReport(models.Model):
    installation = models.ForeignKey(Installation, on_delete=models.PROTECT, related_name="reports")
    period = models.CharField(_("reporting period"), max_length=16)  # e.g. "2026"
    # the core input: electricity factor and its source, goods with precursors, carbon price
    inputs = models.JSONField(_("inputs"), default=dict)
    # the core result (goods' SEE direct/indirect, embedded emissions, defaults used, mark-ups)
    result = models.JSONField(_("result"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=CbamStatus.choices, default=CbamStatus.DRAFT
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    review_note = models.TextField(_("verification note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"))
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        verbose_name = _("CBAM report")
        verbose_name_plural = _("CBAM reports")
        ordering = ["installation_id", "-period"]
        constraints = [
            models.UniqueConstraint(fields=["installation", "period"], name="products_cbam_period")
        ]

    def __str__(self) -> str:
        return f"{self.installation} {self.period}"
