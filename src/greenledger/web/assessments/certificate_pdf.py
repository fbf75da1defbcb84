"""The certificate as a one-page PDF (A4), in Simplified Chinese or English, with a QR code of
its public verification address.

Same approach as the annual report (``greenledger.web.reports.rendering``): WeasyPrint renders
a Django template with the machine's Noto CJK fonts; nothing is fetched from the network. The QR
code is made with segno and embedded as a PNG data URI, the only URL the renderer accepts.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import segno
from django.template.loader import render_to_string
from django.utils.translation import override
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from greenledger.web.assessments.models import Certificate
from greenledger.web.assessments.selectors import certificate_state, ruleset_for
from greenledger.web.assessments.services.certificates import verification_url

LANGUAGES = ("zh-hans", "en")
TEMPLATE = "assessments/certificate_pdf.html"


def qr_data_uri(text: str) -> str:
    """A QR code of ``text`` as a PNG data URI (error correction M, quiet zone kept)."""
    return str(segno.make(text, error="m").png_data_uri(scale=8, border=4))


def certificate_context(certificate: Certificate, today: dt.date) -> dict[str, Any]:
    """What the certificate page, the PDF and the public verification page show about it."""
    application = certificate.application
    ruleset = ruleset_for(application)
    url = verification_url(certificate.number)
    return {
        "certificate": certificate,
        "application": application,
        "organisation": application.organisation,
        "site": application.site,
        "call": application.call,
        "designation": certificate.designation,
        "standard": ruleset.title,
        "edition": ruleset.edition,
        "state": certificate_state(certificate, today),
        "verification_url": url,
    }


def certificate_html(certificate: Certificate, *, language: str, today: dt.date) -> str:
    if language not in LANGUAGES:
        raise ValueError(f"unknown certificate language {language!r}; one of {LANGUAGES}")
    context = certificate_context(certificate, today)
    with override(language):
        html: str = render_to_string(
            TEMPLATE,
            {
                **context,
                "lang": "zh-Hans" if language == "zh-hans" else "en",
                "english": language == "en",
                "qr": qr_data_uri(context["verification_url"]),
            },
        )
    return html


def certificate_pdf(certificate: Certificate, *, language: str, today: dt.date) -> bytes:
    """The certificate as a PDF in ``language`` ("zh-hans" or "en")."""
    html = certificate_html(certificate, language=language, today=today)
    # Only the embedded QR code (a data: URI) may be "fetched"; nothing from the network.
    fetcher = URLFetcher(allowed_protocols={"data"})
    pdf: bytes = HTML(string=html, url_fetcher=fetcher).write_pdf()
    return pdf
