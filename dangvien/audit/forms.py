from collections import Counter
from collections.abc import Iterable
from typing import Any

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dangvien.audit.choices import AuditAction
from dangvien.core.text import sort_key
from dangvien.http.forms import date_field


def object_type_choices(kinds: Iterable[ContentType]) -> list[tuple[str, str]]:
    """The kinds of object to filter by, by their Vietnamese names in dictionary order: a
    model's name ("term"), with its app's label where two apps have a model of that name."""
    kinds = [kind for kind in kinds if kind.model_class() is not None]
    shared = {name for name, n in Counter(kind.model for kind in kinds).items() if n > 1}
    choices = [
        (
            f"{kind.app_label}.{kind.model}" if kind.model in shared else kind.model,
            capfirst(str(kind.model_class()._meta.verbose_name)),  # type: ignore[union-attr]
        )
        for kind in kinds
    ]
    return sorted(choices, key=lambda choice: sort_key(choice[1]))


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(
        label=pgettext_lazy("audit log", "Action"),
        required=False,
        choices=[("", _("All")), *AuditAction.choices],
    )
    actor_name = forms.CharField(label=_("Who"), required=False, max_length=200)
    object_type = forms.ChoiceField(label=_("Object type"), required=False)
    date_from = date_field(_("From"), required=False)
    date_to = date_field(_("To"), required=False)

    def __init__(self, *args: Any, object_types: Iterable[ContentType] = (), **kwargs: Any) -> None:
        """``object_types``: the kinds of object the log has rows about
        (``selectors.audit_object_types``), offered to filter by."""
        super().__init__(*args, **kwargs)
        self.fields["object_type"].choices = [  # type: ignore[attr-defined]
            ("", _("All")),
            *object_type_choices(object_types),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            # the days swapped gave "0 sự kiện" without a word
            self.add_error("date_to", _("The end of the period comes before its start."))
        return data
