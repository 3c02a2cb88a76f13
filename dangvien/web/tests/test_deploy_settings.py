"""Production settings pass Django's deployment checks with no variable set (issue 13, defect
10): HTTPS redirect, HSTS and secure cookies are the default outside debugging."""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings


def test_check_deploy_is_clean_by_default(tmp_path):
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "DANGVIEN_")) and name != "DATABASE_URL"
    }
    environment["DANGVIEN_DATA_DIR"] = str(tmp_path)
    done = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
            "--settings=config.settings.base",
        ],
        cwd=Path(settings.BASE_DIR),
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


def _production_settings(tmp_path, code, **variables):
    """Run ``code`` in a fresh process under the production settings built with ``variables``
    set (and no other DJANGO_, DANGVIEN_ or DATABASE_URL variable of this one)."""
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "DANGVIEN_")) and name != "DATABASE_URL"
    }
    environment |= {"DANGVIEN_DATA_DIR": str(tmp_path), **variables}
    environment["DJANGO_SETTINGS_MODULE"] = "config.settings.base"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(settings.BASE_DIR),
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def _cache_of_production_settings(tmp_path, **variables):
    """The CACHES the production settings build with ``variables`` set (a fresh process)."""
    done = _production_settings(
        tmp_path,
        "import json; from django.conf import settings; "
        "print(json.dumps(settings.CACHES['default'], default=str))",
        **variables,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_a_redis_cache_gets_no_option_its_connections_do_not_take(tmp_path):
    """Issue 19's load run with DANGVIEN_CACHE_URL=redis://…: every cached page answered 500
    ("AbstractConnection.__init__() got an unexpected keyword argument 'MAX_ENTRIES'")."""
    redis = _cache_of_production_settings(tmp_path, DANGVIEN_CACHE_URL="redis://127.0.0.1:6379/1")
    assert redis["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert "MAX_ENTRIES" not in redis.get("OPTIONS", {})
    files = _cache_of_production_settings(tmp_path)
    assert files["BACKEND"] == "dangvien.core.cache.FileCache"  # files, culled now and then
    assert files["OPTIONS"]["MAX_ENTRIES"] == 20_000


def _database_of_production_settings(tmp_path, url):
    """The default database the production settings build with DATABASE_URL=``url``."""
    return _production_settings(
        tmp_path,
        "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'], "
        "settings.DATABASES['default']['NAME'])",
        DATABASE_URL=url,
    )


def test_an_empty_database_url_means_the_default_and_a_mistyped_one_is_named(tmp_path):
    """``DATABASE_URL=`` (set, empty) failed every command with ``KeyError: 'ENGINE'``."""
    empty = _database_of_production_settings(tmp_path, "")
    assert empty.returncode == 0, empty.stderr
    assert empty.stdout.split() == [
        "django.db.backends.sqlite3",
        str(tmp_path / "dangvien.sqlite3"),
    ]
    mistyped = _database_of_production_settings(tmp_path, "postgres//db/dangvien")
    assert mistyped.returncode != 0
    assert "DATABASE_URL='postgres//db/dangvien' is not a database URL" in mistyped.stderr
    assert "KeyError" not in mistyped.stderr
