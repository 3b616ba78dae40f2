from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from coplan.contributions.models import Province
from coplan.core.charts import bar_chart

register = template.Library()


@register.simple_tag
def chart_bars_counts(result) -> dict:
    """The chart of a count question, each bar saying "12 (40.0%)"."""
    return bar_chart(
        (
            row.label,
            row.count,
            _("%(count)s (%(share)s%%)")
            % {"count": row.count, "share": number_format(row.share, 1)},
        )
        for row in result.rows
    )


@register.simple_tag
def chart_bars_ranking(result) -> dict:
    """The chart of a ranking question: each item's priority points."""
    return bar_chart(
        (row.label, row.borda, _("%(points)s points") % {"points": row.borda})
        for row in result.rank_rows
    )


@register.filter
def province_label(code: str) -> str:
    try:
        return str(Province(code).label)
    except ValueError:
        return code
