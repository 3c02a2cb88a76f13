from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dangvien.audit.choices import AuditAction
from dangvien.http.forms import date_field

OBJECT_TYPES = [
    ("", _("All")),
    ("organization", _("Organization")),
    ("organizationversion", _("Organization state")),
    ("term", _("Term")),
    ("committeepost", _("Committee post")),
    ("ruleparameter", _("Rule")),
    ("user", _("User")),
    ("roleassignment", _("Role")),
]


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(
        label=pgettext_lazy("audit log", "Action"),
        required=False,
        choices=[("", _("All")), *AuditAction.choices],
    )
    actor_name = forms.CharField(label=_("Who"), required=False, max_length=200)
    object_type = forms.ChoiceField(label=_("Object type"), required=False, choices=OBJECT_TYPES)
    date_from = date_field(_("From"), required=False)
    date_to = date_field(_("To"), required=False)
