"""Test settings: base plus a fast password hasher and a local-memory cache."""

import tempfile
from pathlib import Path

from config.settings.base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Background tasks run inline, in the request that enqueues them.
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["default", "pages"],
    }
}
# The tests' trees are small: every province's first counting goes to the background (the
# size rule itself is tested with the default, statistics/tests/test_background.py).
BACKGROUND_ORGANIZATIONS = 1
# Tests serve no collected static files (the live server serves the sources itself).
MIDDLEWARE = [m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"]  # noqa: F405
# Meeting documents uploaded by tests go to the temporary directory (stored under random names).
MEETING_DOCUMENTS_ROOT = Path(tempfile.gettempdir()) / "dangvien-tests" / "meeting-documents"
# No counting ahead after each change (web.ahead): with tasks inline, every change would count.
COUNT_AHEAD = False
