"""Settings for one machine: embedded SQLite (WAL) under ./var or GREENLEDGER_DATA_DIR.

Production overrides these in ``production.py``; tests in ``test.py``. The environment is read
only through ``env``.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from greenledger.web.settings import env

PACKAGE_DIR = env.PACKAGE_DIR
WEB_DIR = PACKAGE_DIR / "web"
DATA_DIR = env.data_dir()

# A development key: base settings serve one machine on 127.0.0.1. production.py has no default.
SECRET_KEY = env.raw("GREENLEDGER_SECRET_KEY") or "greenledger-local-only-not-for-production"
DEBUG = env.flag("GREENLEDGER_DEBUG", False)
ALLOWED_HOSTS = env.listing("GREENLEDGER_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",
    "greenledger.web.audit",
    "greenledger.web.members",
    "greenledger.web.accounts",
    "greenledger.web.ui",
    "greenledger.web.reports",
    "django_tasks",
    "django_tasks_db",
    "greenledger.web.reporting",
    "greenledger.web.assessments",
    "greenledger.web.ops",
    "greenledger.web.district",
    "greenledger.web.planning",
    "greenledger.web.finance",
    "greenledger.web.ecology",
    "greenledger.web.alliance",
    "greenledger.web.products",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "greenledger.web.urls"
WSGI_APPLICATION = "greenledger.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [WEB_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

_database_url = env.raw("DATABASE_URL")
DATABASES = {
    "default": env.database_from_url(_database_url)
    if _database_url
    else env.sqlite_database(DATA_DIR / "greenledger.sqlite3")
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache lives in the database, so every process on every host shares it: the login throttle
# counts failures across all web hosts, and the overview's page cache is one. Its table is
# created by the migration accounts 0002 (`greenledger manage createcachetable` after a change).
# Past MAX_ENTRIES a write culls a third of the entries, throttle locks among them: the default
# (300) would let a spree of failed sign-ins over many names push other names' locks out.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "greenledger_cache",
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["greenledger.web.accounts.backends.ThrottledModelBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# Login throttling: this many failures per (username, client address) lock that pair out.
GREENLEDGER_LOGIN_MAX_FAILURES = 5
GREENLEDGER_LOGIN_LOCK_SECONDS = 15 * 60
# Reverse proxies in front of the web hosts that append the client's address to X-Forwarded-For
# (a load balancer: 1). The throttle then counts per client, not per balancer. 0: REMOTE_ADDR.
GREENLEDGER_TRUSTED_PROXIES = env.integer("GREENLEDGER_TRUSTED_PROXIES", 0)

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [WEB_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Shanghai"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise serves from here after collectstatic
# Uploaded activity files, inventory line results, meter series and evidence: never served by the
# web. The database stores absolute paths into it, so with several hosts it is one shared volume
# mounted at the same path on every web and worker host (GREENLEDGER_PRIVATE_MEDIA_DIR).
PRIVATE_MEDIA_ROOT = env.directory("GREENLEDGER_PRIVATE_MEDIA_DIR", DATA_DIR / "private")
GREENLEDGER_MAX_UPLOAD_BYTES = env.integer("GREENLEDGER_MAX_UPLOAD_BYTES", 100 * 1024 * 1024)
# A running import whose heartbeat is older than this is re-queued by the worker.
GREENLEDGER_IMPORT_STALE_SECONDS = env.integer("GREENLEDGER_IMPORT_STALE_SECONDS", 15 * 60)
# Evidence files of assessment applications (PDF and images), stored under PRIVATE_MEDIA_ROOT.
GREENLEDGER_MAX_EVIDENCE_BYTES = env.integer("GREENLEDGER_MAX_EVIDENCE_BYTES", 20 * 1024 * 1024)
# The public address certificates' QR codes link to (the /verify/<number> page).
GREENLEDGER_PUBLIC_URL = env.raw("GREENLEDGER_PUBLIC_URL") or "http://127.0.0.1:8000"
# Certificate numbers: <prefix>-<designation code>-<year>-<sequence>.
GREENLEDGER_CERTIFICATE_PREFIX = env.raw("GREENLEDGER_CERTIFICATE_PREFIX") or "DJ"
# Renewal reminders go out this many days before a certificate expires.
GREENLEDGER_RENEWAL_REMINDER_DAYS = env.integer("GREENLEDGER_RENEWAL_REMINDER_DAYS", 90)
# Read-only pages are kept per viewer in the cache until the next change of state
# (greenledger.web.ui.viewer_cache); GREENLEDGER_PAGE_CACHE=0 renders every request.
GREENLEDGER_PAGE_CACHE = env.flag("GREENLEDGER_PAGE_CACHE", True)
# The worker's daily schedule (greenledger.web.ops): job -> local time of day (TIME_ZONE) from
# which that day's run is due. Each (job, day) runs once across all workers; days missed while
# no worker ran are caught up, at most GREENLEDGER_SCHEDULE_CATCH_UP_DAYS back.
GREENLEDGER_SCHEDULE = {
    "certificates.expire": "00:05",  # certificates past valid_until, with their designations
    "designations.expire": "00:05",  # the registry's other designations past valid_until
    "certificates.remind": "08:00",  # GREENLEDGER_RENEWAL_REMINDER_DAYS before expiry, once
    "memberships.lapse": "00:10",  # memberships not renewed past renewed_until become lapsed
    "memberships.remind": "08:05",  # 30 days before renewed_until, once per paid period
}
GREENLEDGER_SCHEDULE_CATCH_UP_DAYS = env.integer(
    "GREENLEDGER_SCHEDULE_CATCH_UP_DAYS", 31, minimum=1
)
# How often the worker looks at the schedule.
GREENLEDGER_SCHEDULE_TICK_SECONDS = env.integer("GREENLEDGER_SCHEDULE_TICK_SECONDS", 60, minimum=1)
DEFAULT_FROM_EMAIL = env.raw("DEFAULT_FROM_EMAIL") or "greenledger@localhost"
EMAIL_BACKEND = env.raw("EMAIL_BACKEND") or "django.core.mail.backends.console.EmailBackend"
# Outgoing mail (alliance): a failed send is retried after RETRY_SECONDS x 2^(attempt-1), up to
# MAX_ATTEMPTS attempts in all. Activation and invitation links work once, for these many hours.
GREENLEDGER_MAIL_MAX_ATTEMPTS = env.integer("GREENLEDGER_MAIL_MAX_ATTEMPTS", 5, minimum=1)
GREENLEDGER_MAIL_RETRY_SECONDS = env.integer("GREENLEDGER_MAIL_RETRY_SECONDS", 60, minimum=1)
GREENLEDGER_ACTIVATION_HOURS = env.integer("GREENLEDGER_ACTIVATION_HOURS", 72, minimum=1)
GREENLEDGER_INVITATION_HOURS = env.integer("GREENLEDGER_INVITATION_HOURS", 168, minimum=1)
# Background tasks (imports): the database queue, worked by `greenledger worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 500

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {
        "greenledger": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "greenledger.security": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}
