"""Find what installed apps contribute by module name (their ``urls`` and ``api.urls``)."""

from __future__ import annotations

from importlib.util import find_spec

from django.apps import apps

# Apps whose URL modules are not pages of the web namespace.
_NOT_PAGES = {"dangvien.web", "dangvien.api", "dangvien.users"}


def app_url_modules(submodule: str) -> list[str]:
    """``<app>.<submodule>`` for every installed dangvien app that has one."""
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("dangvien.") or config.name in _NOT_PAGES:
            continue
        # find_spec of "a.b.c" imports "a.b": look one level at a time.
        name = config.name
        for part in submodule.split("."):
            name = f"{name}.{part}"
            if find_spec(name) is None:
                break
        else:
            found.append(name)
    return found
