"""Production settings pass Django's deployment checks with no variable set (issue 13, defect
10): HTTPS redirect, HSTS and secure cookies are the default outside debugging."""

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
