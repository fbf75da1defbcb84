"""The REST API (django-ninja): Bearer-token authentication, one router per app.

Docs at /api/docs, schema at /api/openapi.json.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI

from greenledger.web.accounts.api import router as accounts_router
from greenledger.web.accounts.auth import BearerTokenOrAnonymous
from greenledger.web.assessments.api import router as assessments_router
from greenledger.web.members.api import router as members_router
from greenledger.web.reporting.api import router as reporting_router

api = NinjaAPI(
    title="GreenLedger API",
    version="1",
    description="The registry of a green low-carbon industrial district's alliance.",
    auth=BearerTokenOrAnonymous(),
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
api.add_router("/", members_router)
api.add_router("/tokens", accounts_router)
api.add_router("/reporting", reporting_router)
api.add_router("/assessments", assessments_router)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """Field errors of a service: 422 with {"errors": {field: [messages]}}."""
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return api.create_response(request, {"errors": errors}, status=422)


@api.exception_handler(PermissionDenied)
def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(
        request, {"detail": str(_("You do not have permission to do this."))}, status=403
    )
