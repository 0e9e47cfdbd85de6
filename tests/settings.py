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
WHITENOISE_USE_FINDERS = True
# whitenoise serves from finders in tests; an existing STATIC_ROOT stops its warning.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
