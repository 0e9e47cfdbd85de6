"""One env-driven settings file: SQLite in WAL mode under var/ by default, or DATABASE_URL."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("COCREATE_VAR_DIR", BASE_DIR.parent / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def _secret_key() -> str:
    """A per-installation key kept in var/, never in git; COCREATE_SECRET_KEY wins."""
    if key := os.environ.get("COCREATE_SECRET_KEY"):
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


DEBUG = env_bool("COCREATE_DEBUG")
SECRET_KEY = _secret_key()
ALLOWED_HOSTS = os.environ.get("COCREATE_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
CSRF_TRUSTED_ORIGINS = [
    o for o in os.environ.get("COCREATE_CSRF_TRUSTED_ORIGINS", "").split(",") if o
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # its widget templates, for the site's form renderer
    "allauth",
    "allauth.account",
    "django_htmx",
    "template_partials",
    "csp",
    "rules",
    "django_tasks",
    "django_tasks_db",
    "cocreate.core",
    "cocreate.accounts",
    "cocreate.organizations",
    "cocreate.audit",
    "cocreate.challenges",
    "cocreate.proposals",
    "cocreate.decisions",
    "cocreate.tracking",
    "cocreate.lineage",
    "cocreate.search",
    "cocreate.community",
    "cocreate.notifications",
    "cocreate.moderation",
    "cocreate.profiles",
    "cocreate.reviews",
    "cocreate.merges",
    "cocreate.contests",
    "cocreate.board",
    "cocreate.workspace",
    "cocreate.accountability",
    "cocreate.insights",
    "cocreate.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages carry their designs as inline SVG (cards: a few kB each); gzip takes them to a tenth.
    # After WhiteNoise, which serves static files precompressed; Django masks CSRF tokens and
    # pads gzip output against BREACH.
    "django.middleware.gzip.GZipMiddleware",
    "cocreate.core.middleware.BackendUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "cocreate.urls"
FORM_RENDERER = "cocreate.core.forms.SiteFormRenderer"
WSGI_APPLICATION = "cocreate.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    }
]
if not DEBUG:
    # Compiled templates are cached per process; the loader is also what template_partials wraps.
    TEMPLATES[0]["APP_DIRS"] = False
    TEMPLATES[0]["OPTIONS"]["loaders"] = [  # type: ignore[index]
        (
            "django.template.loaders.cached.Loader",
            [
                "django.template.loaders.filesystem.Loader",
                "django.template.loaders.app_directories.Loader",
            ],
        )
    ]


def _database() -> dict[str, object]:
    url = os.environ.get("DATABASE_URL")
    if url:
        config: dict[str, object] = dict(dj_database_url.parse(url, conn_max_age=60))
        if str(config.get("ENGINE", "")).endswith("postgresql"):
            # A connection broken by a database restart is noticed and replaced at the start of
            # the next request; an unreachable server fails in seconds, so pages answer 503.
            config["CONN_HEALTH_CHECKS"] = True
            options = config.setdefault("OPTIONS", {})
            assert isinstance(options, dict)
            options.setdefault("connect_timeout", 5)
        return config
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": VAR_DIR / "cocreate.sqlite3",
        # Kept open between requests: opening the file and reading its schema (search indexes,
        # triggers) cost about a millisecond per request, a third of a cached page.
        "CONN_MAX_AGE": 60,
        "OPTIONS": {
            # WAL lets readers and one writer work at once; IMMEDIATE avoids upgrade deadlocks.
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=20000;"
            ),
        },
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

CACHES: dict[str, dict[str, object]] = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}
if redis_url := os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            # Several installations (or test runs) can share one Redis under their own prefix.
            "KEY_PREFIX": os.environ.get("COCREATE_CACHE_PREFIX", ""),
            # A Redis that is down fails fast, so pages answer 503 instead of hanging.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }

TASKS = {
    "default": {
        "BACKEND": os.environ.get("COCREATE_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")
    }
}

# A task its worker claimed but never finished (the worker was killed) runs again after this long;
# tasks are safe to run twice, and take well under a second.
TASK_LEASE_SECONDS = int(os.environ.get("COCREATE_TASK_LEASE_SECONDS", "300"))

AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = os.environ.get("COCREATE_EMAIL_VERIFICATION", "optional")
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_FORMS = {  # allauth's forms in the site's wording (cocreate/accounts/forms.py)
    "signup": "cocreate.accounts.forms.SignupForm",
    "login": "cocreate.accounts.forms.LoginForm",
    "reset_password": "cocreate.accounts.forms.ResetPasswordForm",
    "reset_password_from_key": "cocreate.accounts.forms.ResetPasswordKeyForm",
    "change_password": "cocreate.accounts.forms.ChangePasswordForm",
}
# Who the client is behind proxies, for the per-address sign-up limit: the number of proxies
# that append to X-Forwarded-For (the load balancer), or a header one of them sets.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("COCREATE_TRUSTED_PROXY_COUNT", "0"))
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = os.environ.get("COCREATE_CLIENT_IP_HEADER") or None
LOGIN_REDIRECT_URL = "/"
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
EMAIL_BACKEND = os.environ.get(
    "COCREATE_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("COCREATE_FROM_EMAIL", "Cocreate <noreply@localhost>")

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# No inline scripts or styles anywhere: everything comes from our own static files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:"],  # blob: for the editor's PNG export
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Security headers. Django's defaults already send X-Content-Type-Options: nosniff,
# Referrer-Policy: same-origin, X-Frame-Options: DENY and Cross-Origin-Opener-Policy; HSTS is sent
# only on requests that came over HTTPS, which behind a TLS-terminating proxy Django learns from
# the header the proxy sets (COCREATE_PROXY_SSL_HEADER=X-Forwarded-Proto).
if proxy_ssl_header := os.environ.get("COCREATE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + proxy_ssl_header.upper().replace("-", "_"), "https")
SECURE_HSTS_SECONDS = int(os.environ.get("COCREATE_HSTS_SECONDS", str(365 * 24 * 3600)))
# No page uses these browser features: refuse them to every frame, our own and injected ones.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "ambient-light-sensor",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "serial",
        "usb",
    )
}

# The toolkit's form view posts every part back: 200 parts (the most a design may have) of a type,
# an id, a width and up to 9 variant axes (512 variant rows, the engine's most, is 2⁹), and the
# form's own dozen fields. Django's default of 1,000 refused a long street's post.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 200 * 12 + 100

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("COCREATE_SECURE_COOKIES")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("COCREATE_LOG_LEVEL", "WARNING")},
}

PROPOSALS_PER_PAGE = 20
