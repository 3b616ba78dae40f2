from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language


def site(request: HttpRequest) -> dict:
    """Site identity and the address of this same page in the other official language."""
    current = get_language() or settings.LANGUAGE_CODE
    other = "fr" if current.startswith("en") else "en"
    path = request.get_full_path()
    other_url = translate_url(path, other)
    if other_url == path:
        # Pages outside i18n_patterns (or unknown ones) fall back to the other home page.
        other_url = f"/{other}/"
    # The header and footer's own links (Canada.ca, the corporate links) are in the chrome
    # tag's markup, rendered once per language (core/templatetags/coplan_chrome.py).
    return {
        "site_name": settings.COPLAN_SITE_NAME,
        # Django's auth views put the request's host name in "site_name" (a RequestSite, since
        # the sites framework is not installed): the base template reads this one instead.
        "coplan_site_name": settings.COPLAN_SITE_NAME,
        "other_language_code": other,
        "other_language_url": other_url,
        "social_accounts": settings.COPLAN_SOCIAL_ACCOUNTS,
        "gc_identity": settings.COPLAN_GC_IDENTITY,
    }
