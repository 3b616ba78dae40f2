from django import forms
from django.utils.translation import gettext_lazy as _

from .models import DataSetKind


class PublishForm(forms.Form):
    kind = forms.ChoiceField(label=_("Data set to publish"), choices=DataSetKind.choices)
