"""The back office's forms: finding a person and setting their staff roles."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from coplan.accounts.roles import ROLES


class PersonFindForm(forms.Form):
    email = forms.EmailField(label=_("Email address of the person"), max_length=254)


class RolesForm(forms.Form):
    """The person's roles, each a checkbox (roles are groups)."""

    roles = forms.MultipleChoiceField(
        label=_("Roles"),
        choices=list(ROLES.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
