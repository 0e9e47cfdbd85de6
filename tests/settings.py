"""Test settings: the real settings, a test database per pass, tasks run immediately."""

import os

from cocreate.settings import *  # noqa: F403
from cocreate.settings import dj_database_url

if url := os.environ.get("COCREATE_TEST_DATABASE_URL"):
    DATABASES = {"default": dict(dj_database_url.parse(url))}
else:
    # pytest-django gives SQLite an in-memory test database that live-server threads share.
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": ":memory:",
            "OPTIONS": {"transaction_mode": "IMMEDIATE"},
        }
    }
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The browser tests' live server serves static files itself (from the finders). Whitenoise stays
# in the middleware chain but indexes an empty folder: indexing every static file again for each
# test's client cost a fifth of the suite's time. The folder exists, so whitenoise does not warn.
WHITENOISE_USE_FINDERS = False
STATIC_ROOT = VAR_DIR / "test-static"  # noqa: F405
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Browser tests wait for the live server's last request before a flush (tests/browser/inflight.py).
MIDDLEWARE = ["tests.browser.inflight.middleware", *MIDDLEWARE]  # noqa: F405
