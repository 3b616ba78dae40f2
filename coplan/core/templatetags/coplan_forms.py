"""The error summary of a form (GC Design System pattern), shared by every form of the site.

``{% error_summary_items form errors as items %}`` lists what the summary shows: each field error
with the id of the element it links to (the field itself, or the first option of a group of radio
buttons or checkboxes), then errors that belong to no field (the form's own, and `errors`, a list
of messages a view found outside a form).
"""

from __future__ import annotations

from django import forms, template

register = template.Library()

# A label's closing punctuation is dropped before « : » joins it to its error ("published.: …").
_TRAILING = " .:?!\xa0"


def _anchor(field: forms.BoundField) -> str:
    if field.is_hidden:
        return ""
    anchor = field.id_for_label
    if not anchor and field.subwidgets:
        # Radio buttons and checkboxes have no single element to label: the first option.
        anchor = field.subwidgets[0].id_for_label
    return anchor or ""


@register.simple_tag
def error_summary_items(form=None, errors=None, standalone=False) -> list[dict]:
    """The summary's entries: {"anchor", "label", "message"} (anchor and label may be empty).

    `standalone` is true on a page that reports a form's errors without the form (no links).
    """
    items: list[dict] = []
    if form is not None and getattr(form, "errors", None):
        items += [{"anchor": "", "label": "", "message": e} for e in form.non_field_errors()]
        for field in form:
            for error in field.errors:
                label = str(field.label or "").rstrip(_TRAILING)
                anchor = "" if standalone else _anchor(field)
                items.append({"anchor": anchor, "label": label, "message": error})
    if isinstance(errors, str):
        # A template that passes no `errors` gives "" (an undefined variable), not an error.
        errors = [errors]
    items += [{"anchor": "", "label": "", "message": e} for e in errors or () if str(e).strip()]
    return items
