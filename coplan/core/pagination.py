from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import QuerySet

DEFAULT_PAGE_SIZE = 20


def paginate(
    queryset: QuerySet, page_number: str | None, per_page: int = DEFAULT_PAGE_SIZE
) -> Page:
    """One page of a queryset; a bad or out-of-range page number gives the nearest real page."""
    paginator = Paginator(queryset, per_page)
    try:
        return paginator.page(page_number or 1)
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)
