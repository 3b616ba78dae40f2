import re

from django import template
from django.utils.html import escape, format_html_join, urlize
from django.utils.safestring import mark_safe

from coplan.core.templatetags.coplan_language import page_typography

register = template.Library()

# What urlize can turn into a link (a scheme, www., one of its seven domains, an email
# address); a block without any of these is only escaped, without urlize's word-by-word work.
_MAY_LINK = re.compile(r"@|://|www\.|\.(?:com|edu|gov|int|mil|net|org)", re.IGNORECASE)


def _normalised(text: str | None) -> str:
    """Browsers send CRLF line endings; paragraphs are split on blank lines whatever the ending."""
    return (text or "").replace("\r\n", "\n").replace("\r", "\n")


@register.filter
def paragraphs(text: str) -> str:
    """Staff-written plain text to escaped paragraphs (blank lines separate them); links stay
    plain text; French typography on French pages."""
    blocks = [block.strip() for block in _normalised(text).split("\n\n") if block.strip()]
    blocks = [page_typography(block) for block in blocks]
    return format_html_join("\n", "<p>{}</p>", ((block,) for block in blocks))


@register.filter
def public_text(text: str) -> str:
    """Public plain text: escaped, paragraphs kept, links clickable with rel="nofollow ugc"."""
    blocks = [block.strip() for block in _normalised(text).split("\n\n") if block.strip()]
    html = []
    for block in blocks:
        if _MAY_LINK.search(block) is None:
            linked = escape(block)
        else:
            linked = urlize(block, trim_url_limit=60, nofollow=True, autoescape=True)
            linked = linked.replace('rel="nofollow"', 'rel="nofollow ugc"')
        html.append(f"<p>{linked.replace(chr(10), '<br>')}</p>")
    return mark_safe("\n".join(html))  # noqa: S308 - every piece was escaped by urlize
