"""Public pages of the assessments app: certificate verification and recognition lists
(mounted at the site root)."""

from __future__ import annotations

from django.urls import path

from greenledger.web.assessments.views import recognition, verify

urlpatterns: list = [
    # recognition of demonstration units
    path("recognition/", recognition.recognition_list, name="recognition_list"),
    path("recognition/new/", recognition.recognition_new, name="recognition_new"),
    path("recognition/<int:call_id>/", recognition.recognition_call, name="recognition_call"),
    path(
        "recognition/<int:call_id>/nominate/",
        recognition.recognition_nominate,
        name="recognition_nominate",
    ),
    path(
        "recognition/<int:call_id>/start-scoring/",
        recognition.recognition_start_scoring,
        name="recognition_start_scoring",
    ),
    path(
        "recognition/nominations/<int:nomination_id>/score/",
        recognition.recognition_score,
        name="recognition_score",
    ),
    path(
        "recognition/<int:call_id>/publish/",
        recognition.recognition_publish,
        name="recognition_publish",
    ),
    # public verification of certificates (the QR code on the PDF points here)
    path("verify/<str:number>", verify.verify, name="verify"),
]
