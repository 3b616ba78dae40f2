from django import template

from ..selectors import uses_of_contribution

register = template.Library()


@register.simple_tag
def contribution_uses(contribution) -> list:
    """The commitments a contribution inspired (for includes on other apps' pages)."""
    if contribution is None:
        return []
    return uses_of_contribution(contribution)
