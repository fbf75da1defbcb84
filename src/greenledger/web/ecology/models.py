"""Industry-ecology tables. Rules live in ``services`` (writes) and ``selectors`` (reads), not
here; the arithmetic (code lists, matching, counterfactual benefits, utilisation rates, hourly
carbon-free-energy matching) is the pure core ``core.ecology``. Sites carry their coordinates
(``members.Site.latitude`` / ``longitude``).

- ``Offer`` / ``Need``: what a site offers (a solid waste or by-product, a hazardous waste, waste
  heat or cold, water) and what a site needs, with quantities and periods; an anonymous offer or
  need shows other enterprises the park and the resource, not the company.
- ``Exchange``: a match between an offer and a need that both parties confirm (the match's
  explanation and counterfactual benefit kept as proposed); ``ExchangeRecord``: the quantity
  exchanged in one month (form, file or API) and what it avoided.
- ``GreenSupply`` / ``CertificateVolume`` / ``Storage`` / ``CfeRun``: a site's clean supplies
  (on-site generation and green-power contracts, hourly series or flat volumes), its green
  electricity certificates by month, its storage, and each hourly-matching computation for a site
  or a park pooled.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ResourceKind(models.TextChoices):
    SOLID_WASTE = "solid_waste", _("Solid waste or by-product")
    HAZARDOUS_WASTE = "hazardous_waste", _("Hazardous waste")
    HEAT = "heat", _("Waste heat")
    COLD = "cold", _("Waste cold")
    WATER = "water", _("Water")


class ListingStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class _Listing(models.Model):
    """What offers and needs share: who, where, what, how much, when."""

    organisation = models.ForeignKey(
        "members.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("enterprise"),
    )
    site = models.ForeignKey(
        "members.Site", on_delete=models.PROTECT, related_name="+", verbose_name=_("site")
    )
    kind = models.CharField(_("resource"), max_length=20, choices=ResourceKind.choices)
    # a solid-waste code (固体废物分类与代码目录) or a hazardous-waste code (国家危险废物名录)
    code = models.CharField(_("code"), max_length=16, blank=True)
    name = models.CharField(_("name"), max_length=200)
    # per year: t for wastes, MWh for heat and cold, m3 for water
    quantity = models.FloatField(_("quantity a year"))
    unit = models.CharField(_("unit"), max_length=8)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("until"), null=True, blank=True)
    # heat and cold: medium, capacity and a profile (24 hourly or 12 monthly shares)
    medium = models.CharField(_("medium"), max_length=40, blank=True)
    capacity_mw = models.FloatField(_("capacity (MW)"), null=True, blank=True)
    profile = models.JSONField(_("profile"), default=list, blank=True)
    # water quality grade offered (offers) or required (needs)
    water_grade = models.CharField(_("water quality grade"), max_length=16, blank=True)
    anonymous = models.BooleanField(_("anonymous"), default=False)
    status = models.CharField(
        _("status"), max_length=8, choices=ListingStatus.choices, default=ListingStatus.OPEN
    )
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"))
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        abstract = True


class Offer(_Listing):
    # heat: the temperature it is available at and the temperature it returns at
    supply_temp_c = models.FloatField(_("supply temperature (°C)"), null=True, blank=True)
    return_temp_c = models.FloatField(_("return temperature (°C)"), null=True, blank=True)
    # the disposal route today (the counterfactual): landfill, incineration, ... (core keys)
    current_route = models.CharField(_("current route"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["kind", "status"])]

    def __str__(self) -> str:
        return self.name


class Need(_Listing):
    # the receiving process (a key of the core's acceptance rules), e.g. cement kiln
    process = models.CharField(_("receiving process"), max_length=64, blank=True)
    # heat: the temperature the sink needs
    min_temp_c = models.FloatField(_("temperature needed (°C)"), null=True, blank=True)
    # hazardous wastes: the codes the receiver's licence covers (危险废物经营许可证)
    licence_codes = models.JSONField(_("licensed codes"), default=list, blank=True)
    licence_number = models.CharField(_("licence number"), max_length=64, blank=True)
    # what is used today and would be substituted (core keys), e.g. natural gas, virgin gypsum
    substitutes = models.CharField(_("substitutes"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["kind", "status"])]

    def __str__(self) -> str:
        return self.name


class ExchangeStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACTIVE = "active", _("Confirmed by both")
    DECLINED = "declined", _("Declined")
    ENDED = "ended", _("Ended")


class Exchange(models.Model):
    offer = models.ForeignKey(Offer, on_delete=models.PROTECT, related_name="exchanges")
    need = models.ForeignKey(Need, on_delete=models.PROTECT, related_name="exchanges")
    status = models.CharField(
        _("status"), max_length=16, choices=ExchangeStatus.choices, default=ExchangeStatus.PROPOSED
    )
    # the core match as proposed: score and its parts, distance, benefit with its calculation,
    # and the rule/data versions that produced it
    match = models.JSONField(_("match"), default=dict)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(_("proposed at"))
    offer_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    offer_confirmed_at = models.DateTimeField(_("confirmed by the offering site"), null=True)
    need_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    need_confirmed_at = models.DateTimeField(_("confirmed by the receiving site"), null=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    class Meta:
        verbose_name = _("exchange")
        verbose_name_plural = _("exchanges")
        ordering = ["-proposed_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["offer", "need"], name="ecology_exchange_once")
        ]

    def __str__(self) -> str:
        return f"{self.offer} -> {self.need} ({self.status})"


class RecordSource(models.TextChoices):
    FORM = "form", _("Form")
    FILE = "file", _("File")
    API = "api", _("API")


class ExchangeRecord(models.Model):
    exchange = models.ForeignKey(Exchange, on_delete=models.CASCADE, related_name="records")
    month = models.DateField(_("month"))  # the first day of the month
    quantity = models.FloatField(_("quantity"))  # in the offer's unit
    # the counterfactual benefit of this quantity (core benefit): t diverted, tCO2e avoided, ...
    benefit = models.JSONField(_("benefit"), default=dict)
    avoided_tco2e = models.FloatField(_("avoided (tCO2e)"), default=0.0)
    source = models.CharField(_("source"), max_length=8, choices=RecordSource.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("exchange record")
        verbose_name_plural = _("exchange records")
        ordering = ["exchange_id", "month"]
        constraints = [
            models.UniqueConstraint(fields=["exchange", "month"], name="ecology_record_monthly")
        ]

    def __str__(self) -> str:
        return f"{self.exchange_id} {self.month:%Y-%m}: {self.quantity}"


class SupplyKind(models.TextChoices):
    ONSITE = "onsite", _("On-site generation")
    CONTRACT = "contract", _("Green-power contract (hourly profile)")
    CONTRACT_FLAT = "contract_flat", _("Green-power contract (volume only, spread flat)")


class GreenSupply(models.Model):
    site = models.ForeignKey(
        "members.Site", on_delete=models.PROTECT, related_name="+", verbose_name=_("site")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=16, choices=SupplyKind.choices)
    source = models.CharField(_("source"), max_length=200)  # e.g. the plant or the contract
    annual_mwh = models.FloatField(_("annual volume (MWh)"))
    # hourly series (Parquet under PRIVATE_MEDIA_ROOT, checked like meter series); none when flat
    series_path = models.CharField(_("stored at"), max_length=500, blank=True)
    series_sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    original_filename = models.CharField(_("file name"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("green supply")
        verbose_name_plural = _("green supplies")
        ordering = ["site_id", "year", "kind", "source"]

    def __str__(self) -> str:
        return f"{self.source} {self.year}"


class CertificateVolume(models.Model):
    """Green electricity certificates (1 certificate = 1 MWh) cancelled for a site in a month."""

    site = models.ForeignKey(
        "members.Site", on_delete=models.PROTECT, related_name="+", verbose_name=_("site")
    )
    month = models.DateField(_("month"))  # the first day of the month
    mwh = models.FloatField(_("certificates (MWh)"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("certificate volume")
        verbose_name_plural = _("certificate volumes")
        ordering = ["site_id", "month"]
        constraints = [
            models.UniqueConstraint(fields=["site", "month"], name="ecology_certificates_monthly")
        ]

    def __str__(self) -> str:
        return f"{self.site_id} {self.month:%Y-%m}: {self.mwh} MWh"


class Storage(models.Model):
    site = models.ForeignKey(
        "members.Site", on_delete=models.PROTECT, related_name="+", verbose_name=_("site")
    )
    name = models.CharField(_("name"), max_length=200)
    capacity_mwh = models.FloatField(_("capacity (MWh)"))
    power_mw = models.FloatField(_("power (MW)"))
    round_trip_efficiency = models.FloatField(_("round-trip efficiency"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("storage")
        verbose_name_plural = _("storage")
        ordering = ["site_id", "name"]

    def __str__(self) -> str:
        return self.name


class CfeRun(models.Model):
    """One hourly-matching computation for a site, or for a park pooled over its tenants."""

    site = models.ForeignKey(
        "members.Site", on_delete=models.PROTECT, related_name="+", verbose_name=_("site or park")
    )
    pooled = models.BooleanField(_("park pooled"), default=False)
    year = models.PositiveSmallIntegerField(_("year"))
    # the core result's figures (its JSON and by month, flags, emissions of unmatched
    # hours) and the heat map / duration curve arrays
    result = models.JSONField(_("result"), default=dict)
    cfe_score = models.FloatField(_("hourly CFE score"))
    annual_match_share = models.FloatField(_("annual-matching share"))
    # which data produced it: meter series hashes, supplies, certificates, storage, grid factor
    provenance = models.JSONField(_("provenance"), default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("CFE computation")
        verbose_name_plural = _("CFE computations")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["site", "year", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.site_id} {self.year}: {self.cfe_score:.3f}"
