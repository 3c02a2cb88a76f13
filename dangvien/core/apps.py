from django.apps import AppConfig
from django.core import checks


class CoreConfig(AppConfig):
    name = "dangvien.core"
    label = "core"

    def ready(self) -> None:
        from dangvien.core.checks import sqlite_version

        checks.register(sqlite_version)
