"""Environment access for settings (django-environ), rooted at the repository."""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()
# A local .env is optional; production sets real environment variables.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)
