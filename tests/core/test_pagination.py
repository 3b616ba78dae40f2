"""One page of a list: a bad or out-of-range page number gives the nearest real page."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from coplan.core.pagination import DEFAULT_PAGE_SIZE, paginate

pytestmark = pytest.mark.django_db


@pytest.fixture
def users():
    model = get_user_model()
    model.objects.bulk_create([model(email=f"reader{i:02}@example.ca") for i in range(45)])
    return model.objects.order_by("email")


@pytest.mark.parametrize(
    ("asked", "number"),
    [(None, 1), ("", 1), ("2", 2), ("3", 3), ("abc", 1), ("99", 3), ("0", 3), ("-1", 3)],
)
def test_the_page_asked_or_the_nearest_real_one(users, asked, number):
    page = paginate(users, asked)
    assert page.number == number
    assert page.paginator.num_pages == 3


def test_pages_hold_the_default_size_or_the_one_asked(users):
    first = paginate(users, "1")
    assert len(first.object_list) == DEFAULT_PAGE_SIZE == 20
    assert first.object_list[0].email == "reader00@example.ca"
    assert [u.email for u in paginate(users, "3").object_list] == [
        f"reader{i}@example.ca" for i in range(40, 45)
    ]
    assert len(paginate(users, "2", per_page=40).object_list) == 5


def test_an_empty_list_is_one_empty_page(users):
    page = paginate(users.none(), "4")
    assert page.number == 1 and list(page.object_list) == []
