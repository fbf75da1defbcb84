"""Production settings: PostgreSQL from DATABASE_URL, no default secret, HTTPS cookies.

Every missing or malformed value raises ImproperlyConfigured at start-up.
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

from greenledger.web.settings import env
from greenledger.web.settings.base import *  # noqa: F403

SECRET_KEY = env.required("GREENLEDGER_SECRET_KEY")
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
    raise ImproperlyConfigured(
        "GREENLEDGER_SECRET_KEY must be at least 50 characters with at least 5 distinct ones"
    )
DEBUG = env.flag("GREENLEDGER_DEBUG", False)
if DEBUG:
    raise ImproperlyConfigured("GREENLEDGER_DEBUG must not be on in production")

ALLOWED_HOSTS = env.listing("GREENLEDGER_ALLOWED_HOSTS", [])
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("GREENLEDGER_ALLOWED_HOSTS must name at least one host")
CSRF_TRUSTED_ORIGINS = env.listing("GREENLEDGER_CSRF_TRUSTED_ORIGINS", [])

DATABASES = {"default": env.database_from_url(env.required("DATABASE_URL"))}
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL in production")

SESSION_COOKIE_SECURE = env.flag("GREENLEDGER_SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.flag("GREENLEDGER_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env.integer("GREENLEDGER_HSTS_SECONDS", 0)
