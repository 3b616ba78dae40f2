from django import template

register = template.Library()

# The bar area of a result chart, in SVG user units.
BAR_AREA = 300


@register.filter
def bar_width(value: float, maximum: float) -> int:
    """The length of a bar for `value` when the longest bar is `maximum`.

    An int, so that no locale writes it with a decimal comma inside an SVG attribute.
    """
    try:
        return round(BAR_AREA * float(value) / float(maximum)) if maximum else 0
    except (TypeError, ValueError, ZeroDivisionError):
        return 0


@register.filter
def row_y(index: int) -> int:
    """The top of the n-th bar (counter0) in a result chart."""
    return 8 + 34 * int(index)


@register.filter
def chart_height(rows) -> int:
    return 16 + 34 * len(rows)
