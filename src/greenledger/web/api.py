"""The REST API (django-ninja): Bearer-token authentication, one router per app.

Docs at /api/docs, schema at /api/openapi.json. Every error under /api/ answers JSON in the one
shape of ``greenledger.web.contract.errors.ApiError`` (unknown routes and wrong methods included),
and every operation declares each status it can answer (``greenledger.web.contract.openapi``).
"""

from __future__ import annotations

import functools
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, path, register_converter
from django.utils.translation import gettext_lazy as _
from django.views.decorators.common import no_append_slash
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI

from greenledger.web.accounts.api import router as accounts_router
from greenledger.web.accounts.auth import BearerTokenOrAnonymous
from greenledger.web.alliance.api import router as alliance_router
from greenledger.web.assessments.api import router as assessments_router
from greenledger.web.contract import handlers
from greenledger.web.contract.errors import error_response
from greenledger.web.contract.openapi import declare_statuses, optional_security
from greenledger.web.district.api import router as district_router
from greenledger.web.ecology.api import router as ecology_router
from greenledger.web.finance.api import router as finance_router
from greenledger.web.members.api import router as members_router
from greenledger.web.planning.api import router as planning_router
from greenledger.web.products.api import router as products_router
from greenledger.web.reporting.api import router as reporting_router


class AnyRest:
    """The rest of a path, whatever it holds: ``path``'s ``.+`` stops at a newline, so an
    operation's address with a newline in an id (``%0A``) fell through to Django's HTML 404."""

    regex = "(?s:.+)"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(AnyRest, "rest")


@csrf_exempt
@no_append_slash
def unknown_route(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any path under /api/ that names no operation: the JSON 404."""
    return error_response(request, 404, _("No API operation at this address."))


def _json_405(view: Any) -> Any:
    """ninja answers a wrong method with a plain-text 405: answer it in the contract's shape."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith(
            "application/json"
        ):
            allowed = response.get("Allow", "")
            message = _("%(method)s is not allowed here; allowed: %(allowed)s.") % {
                "method": request.method,
                "allowed": allowed,
            }
            return error_response(request, 405, message, headers={"Allow": allowed})
        return response

    return wrapped


class ContractAPI(NinjaAPI):
    """NinjaAPI answering every error in one shape and declaring every status it answers."""

    _statuses_declared = False

    def _get_bound_routers(self) -> Any:
        bound = super()._get_bound_routers()
        if not self._statuses_declared:
            for router in bound:
                for path_view in router.path_operations.values():
                    for operation in path_view.operations:
                        declare_statuses(operation)
            self._statuses_declared = True
        return bound

    def _get_urls(self) -> list[URLPattern | URLResolver]:
        patterns = [p for p in super()._get_urls() if getattr(p, "name", None) != "api-root"]
        for pattern in patterns:
            if isinstance(pattern, URLPattern):
                pattern.callback = _json_405(pattern.callback)
        # ninja's root raises Django's (HTML) 404; the root keeps its name, ninja reverses it
        patterns.append(path("", unknown_route, name="api-root"))
        patterns.append(path("<rest:rest>", unknown_route, name="unknown-route"))
        return patterns

    def get_openapi_schema(self, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(**kwargs)
        optional_security(schema, BearerTokenOrAnonymous.__name__)
        return schema


api = ContractAPI(
    title="GreenLedger API",
    version="1",
    description=(
        "The registry of a green low-carbon industrial district's alliance.\n\n"
        "Errors: every error answers JSON in the `ApiError` shape: `status`, a stable machine "
        "`code` (bad_request, unauthenticated, permission_denied, not_found, "
        "method_not_allowed, conflict, payload_too_large, unsupported_media_type, "
        "validation_error, throttled, server_error), a `message` in the request's language "
        "(Accept-Language: zh-hans or en), `errors` naming each refused field with its reason "
        "and code, and on a 500 the `correlation_id` of the logged traceback."
    ),
    auth=BearerTokenOrAnonymous(),
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
    parser=handlers.JsonOnlyParser(),
)
api.add_router("/", members_router)
api.add_router("/tokens", accounts_router)
api.add_router("/reporting", reporting_router)
api.add_router("/assessments", assessments_router)
api.add_router("/district", district_router)
api.add_router("/planning", planning_router)
api.add_router("/finance", finance_router)
api.add_router("/ecology", ecology_router)
api.add_router("/products", products_router)
api.add_router("/alliance", alliance_router)
handlers.install(api)
