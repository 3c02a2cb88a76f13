"""Abstract base model shared by every domain app."""

from functools import cache
from typing import Any, NoReturn

from django.db import models
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import gettext_lazy as _


@cache
def _choice_labels(field: Any) -> dict[Any, Any]:
    """A field's labels by value, built once per field (the choices of a model field do not
    change while the process runs; the labels stay lazy, translated when shown)."""
    return dict(make_hashable(field.flatchoices))


class ChoiceLabels:
    """``get_FOO_display()`` read from a table of labels built once per field. Django builds
    the table again at every call (~28 µs): a province's organization page names the kind of
    each of its hundreds of sub-organizations, a member list the sex and status of each row."""

    def _get_FIELD_display(self, field: Any) -> str:
        value = getattr(self, field.attname)
        return force_str(  # the lazy label in the language of the request
            _choice_labels(field).get(make_hashable(value), value), strings_only=True
        )


class BaseModel(ChoiceLabels, models.Model):
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


class AppendOnlyModel(ChoiceLabels, models.Model):
    """A ledger row: inserted once, never updated or deleted (corrections are new rows)."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError(f"{type(self).__name__} rows cannot be updated")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError(f"{type(self).__name__} rows cannot be deleted")
