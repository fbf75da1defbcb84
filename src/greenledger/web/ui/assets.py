"""plotly.js, served straight from the installed ``plotly`` Python package (not copied here).

The file is read once per process, gzipped once, and served under a versioned URL with a
one-year immutable cache lifetime, so a browser fetches it once per plotly release.
"""

from __future__ import annotations

import gzip
import hashlib
from functools import cache
from importlib import resources

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_safe

IMMUTABLE = "public, max-age=31536000, immutable"


@cache
def plotly_version() -> str:
    from plotly.offline import get_plotlyjs_version

    return get_plotlyjs_version()


@cache
def _plotly_bytes() -> tuple[bytes, bytes, str]:
    data = resources.files("plotly").joinpath("package_data", "plotly.min.js").read_bytes()
    return data, gzip.compress(data, compresslevel=6), hashlib.sha256(data).hexdigest()[:16]


@require_safe
def plotly_js(request: HttpRequest, version: str) -> HttpResponse:
    if version != plotly_version():
        raise Http404
    plain, packed, digest = _plotly_bytes()
    etag = f'"{digest}"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponse(status=304)
    elif "gzip" in request.headers.get("Accept-Encoding", ""):
        response = HttpResponse(packed, content_type="text/javascript; charset=utf-8")
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(plain, content_type="text/javascript; charset=utf-8")
    response["ETag"] = etag
    response["Cache-Control"] = IMMUTABLE
    patch_vary_headers(response, ("Accept-Encoding",))
    return response
