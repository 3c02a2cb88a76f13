"""Abstract base model shared by every domain app."""

from typing import Any, NoReturn

from django.db import models
from django.utils.translation import gettext_lazy as _


class BaseModel(models.Model):
    """Adds creation and update timestamps (system time, not business dates)."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class AppendOnlyError(RuntimeError):
    """Raised on any attempt to change or remove a row of an append-only ledger."""


class AppendOnlyQuerySet:
    """Mixin for the queryset of a ledger: bulk ``update()`` and ``delete()`` are refused."""

    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError(f"{getattr(self, 'model', None)} rows cannot be updated")

    def delete(self) -> NoReturn:
        raise AppendOnlyError(f"{getattr(self, 'model', None)} rows cannot be deleted")


class AppendOnlyModel(models.Model):
    """A ledger row: inserted once, never updated or deleted (corrections are new rows)."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError(f"{type(self).__name__} rows cannot be updated")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError(f"{type(self).__name__} rows cannot be deleted")
