"""Settings shared by every environment. Values that differ between machines come
from the environment: ``DATABASE_URL``, ``SECRET_KEY``, ``DEBUG``, ``ALLOWED_HOSTS``."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "simple_history",
    "axes",
    "csp",
    "config.apps.SiteConfig",
    "frameworks",
    "roleprofiles",
    "ddat",
    "browse",
    "pathways",
    "search",
    "mapping",
    "service",
]

MIDDLEWARE = [
    # Outermost: gzips what the page cache below did not (config.middleware).
    "config.middleware.CompressPublicPagesMiddleware",
    # First: a hit is answered from one cache round trip, with the headers the middleware
    # below set when the page was stored (config.middleware.PageCacheMiddleware).
    "config.middleware.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "config.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # GET and HEAD only outside the admin: before CSRF, so no method reaches a view it was not
    # written for, token or not.
    "config.middleware.ReadOnlyPublicPagesMiddleware",
    "config.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Idle and absolute session limits, and an admin edit sent after one ended kept to save.
    "config.sessions.SessionLimitsMiddleware",
    "config.sessions.UnsavedChangesMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "OPTIONS": {
            # The project's templates without their indentation (core.template_loaders), then
            # the apps' (the admin's, django-simple-history's) as they are; both cached.
            "loaders": [
                (
                    "django.template.loaders.cached.Loader",
                    ["core.template_loaders.Loader", "django.template.loaders.app_directories.Loader"],
                )
            ],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "config.context_processors.service",
                "service.context_processors.service_operator",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # ASVS 2.1.1: at least 12 characters.
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SERVICE_NAME = "Digital workforce role profiles"
# Who runs this deployment (the contact, accessibility and privacy pages, the phase banner).
# Unset, the pages say "not configured": the service never invents an operator.
SERVICE_OPERATOR_NAME = os.environ.get("SERVICE_OPERATOR_NAME", "").strip()
SERVICE_CONTACT_EMAIL = os.environ.get("SERVICE_CONTACT_EMAIL", "").strip()
SERVICE_CONTACT_PHONE = os.environ.get("SERVICE_CONTACT_PHONE", "").strip()
# Where "give your feedback" goes: a form's https:// address or mailto:; unset, the contact page.
SERVICE_FEEDBACK_URL = os.environ.get("SERVICE_FEEDBACK_URL", "").strip()
# "alpha" or "beta" shows the phase banner; "live" hides it.
SERVICE_PHASE = os.environ.get("SERVICE_PHASE", "beta").strip().lower()

# Where the importer and fixture builder find the project's own copy of the sources.
SEED_SOURCES_DIR = BASE_DIR / "fixtures" / "sources"
FIXTURES_DIR = BASE_DIR / "fixtures"

# (admin) A role's change form posts every requirement inline, about 12 fields each; the
# seed's largest role has 132, past Django's default limit of 1,000 fields per request.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Security (ops) -------------------------------------------------------------------
# Every response: no inline script anywhere (templates load script files only; JSON-LD
# data blocks are not executed, so they need no allowance), framing refused.
from csp.constants import NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
    "payment=(), usb=(), interest-cohort=()"
)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Admin sessions (ASVS 3.3.2): signed out after 30 minutes without a request and 12 hours
# after signing in, whatever happens between (config.sessions). The cookie lasts no longer.
SESSION_IDLE_SECONDS = int(os.environ.get("SESSION_IDLE_MINUTES", "30")) * 60
SESSION_MAX_AGE_SECONDS = int(os.environ.get("SESSION_MAX_AGE_HOURS", "12")) * 3600
SESSION_COOKIE_AGE = SESSION_MAX_AGE_SECONDS
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
# The service's own page (Django's has inline styles, which the policy above blocks).
CSRF_FAILURE_VIEW = "config.views.csrf_failure"

# Admin log-in lock-out (django-axes): after AXES_FAILURE_LIMIT failures for one username
# from one address, that pair is locked out for the cool-off time. Attempts live in the
# database, so a test's rollback (or ``axes.utils.reset()``) clears them.
AUTHENTICATION_BACKENDS = [
    "config.auth.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "errors/lockout.html"
AXES_VERBOSE = False
# Behind a load balancer, how many proxies append to X-Forwarded-For (0: use REMOTE_ADDR).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "config.auth.client_ip"

# --- Caching (ops) --------------------------------------------------------------------
# Local memory by default; a shared Redis cache when REDIS_URL is set, so every app process
# sees the same content version (core.cache) and the same cached pages.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHE_KEY_PREFIX = os.environ.get("CACHE_KEY_PREFIX", "roleprofiles")
# A hung or lost Redis must cost a request no more than this, once: after a failure the
# cache is skipped for CACHE_RETRY_SECONDS (core.cache.SharedCache), pages served uncached.
CACHE_SOCKET_TIMEOUT = float(os.environ.get("CACHE_SOCKET_TIMEOUT", "0.25"))
CACHE_RETRY_SECONDS = float(os.environ.get("CACHE_RETRY_SECONDS", "5"))


def redis_cache(url: str) -> dict:
    return {
        "BACKEND": "config.redis_backend.RedisCache",  # Django's, with one client per pool
        "LOCATION": url,
        "KEY_PREFIX": CACHE_KEY_PREFIX,
        "OPTIONS": {"socket_connect_timeout": CACHE_SOCKET_TIMEOUT, "socket_timeout": CACHE_SOCKET_TIMEOUT},
    }


if REDIS_URL:
    CACHES = {"default": redis_cache(REDIS_URL)}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": CACHE_KEY_PREFIX,
        }
    }
PAGE_CACHE_ALIAS = "default"
# Seconds an anonymous public page stays cached (0 turns the page cache off). Off unless
# asked for: with the local-memory cache, several processes would not share the content
# version. Production turns it on when REDIS_URL is set.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "0"))
# Pages with query parameters one visitor may add to the page cache a minute (config.page_keys
# lists the parameters each page reads; others are never cached); beyond it they are served
# uncached. Pages without parameters are bounded by the content and not counted.
PAGE_CACHE_CLIENT_BUDGET = int(os.environ.get("PAGE_CACHE_CLIENT_BUDGET", "60"))
# Seconds an expensive read (related roles, catalogue facet counts: core.cache.cached_for_content)
# stays cached, until the content next changes; 0 turns it off. Off unless asked for, for the
# same reason as the page cache; production turns it on when REDIS_URL is set.
CONTENT_CACHE_SECONDS = int(os.environ.get("CONTENT_CACHE_SECONDS", "0"))

# Suggested DDaT mappings are recomputed after each content change (mapping.services): in a
# thread of its own, so an admin's save does not wait for it (some 11 s with 2,000 profiles).
# The test settings run it in the request instead, so a test sees its result at once.
MAPPING_RECOMPUTE_IN_BACKGROUND = os.environ.get("MAPPING_RECOMPUTE_IN_BACKGROUND", "true").lower() == "true"
# How often each process asks the database whether content changed (core.cache.Versions):
# the longest a cached page can hide an edit when Redis missed the edit's announcement.
CONTENT_VERSION_CHECK_SECONDS = float(os.environ.get("CONTENT_VERSION_CHECK_SECONDS", "2"))
