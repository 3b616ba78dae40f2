"""Staff pages of the plan: who may see and change it, and the writing workflow."""

import pytest

from coplan.plans.models import PlanVersion
from tests.plans.factories import (
    draft_version,
    plan_opportunities,
)

pytestmark = pytest.mark.django_db


STAFF_GET = [
    "/en/plans/staff/{slug}/",
    "/en/plans/staff/{slug}/v1/",
    "/en/plans/staff/{slug}/v1/sections/add/",
]


class TestStaffPermissions:
    @pytest.mark.parametrize("path", STAFF_GET)
    def test_anonymous_is_sent_to_sign_in(self, client, process, path):
        draft_version(process)
        response = client.get(path.format(slug=process.slug))
        assert response.status_code == 302 and "/account/sign-in/" in response["Location"]

    @pytest.mark.parametrize(
        "role,plan_page,manage_page",
        [
            ("user", 403, 403),
            ("moderator", 403, 403),
            ("forum_member", 403, 403),
            ("reporter", 403, 403),
            ("analyst", 200, 403),
            ("administrator", 200, 200),
        ],
    )
    def test_each_role(self, client, process, request, role, plan_page, manage_page):
        version = draft_version(process)
        client.force_login(request.getfixturevalue(role))
        assert client.get(f"/en/plans/staff/{process.slug}/").status_code == plan_page
        assert client.get(f"/en/plans/staff/{process.slug}/v1/").status_code == plan_page
        add = f"/en/plans/staff/{process.slug}/v1/sections/add/"
        assert client.get(add).status_code == manage_page
        response = client.post(
            f"/en/plans/staff/{process.slug}/v1/cabinet/", {"notes_en": "", "notes_fr": ""}
        )
        assert (response.status_code == 302) == (manage_page == 200)
        assert version.cabinet_reviews.exists() == (manage_page == 200)

    def test_staff_pages_are_not_cached(self, client, process, administrator):
        draft_version(process)
        client.force_login(administrator)
        response = client.get(f"/en/plans/staff/{process.slug}/v1/")
        assert response["Cache-Control"] == "no-store"


class TestStaffWorkflow:
    def test_write_submit_approve_publish_through_the_pages(self, client, process, administrator):
        plan_opportunities(process)
        client.force_login(administrator)
        base = f"/en/plans/staff/{process.slug}"
        assert client.post(f"{base}/create/").status_code == 302
        response = client.post(
            f"{base}/v1/sections/add/",
            {
                "kind": "narrative",
                "heading_en": "Why",
                "heading_fr": "Pourquoi",
                "body_en": "Because.\n\nAlso.",
                "body_fr": "Parce que.",
            },
        )
        assert response.status_code == 400
        assert "same number of paragraphs" in response.content.decode()
        response = client.post(
            f"{base}/v1/sections/add/",
            {
                "kind": "narrative",
                "heading_en": "Why",
                "heading_fr": "Pourquoi",
                "body_en": "Because.",
                "body_fr": "Parce que.",
            },
        )
        assert response.status_code == 302
        response = client.post(f"{base}/v1/publish/", {"status": "review"})
        assert response["Location"] == f"/en/plans/{process.slug}/v1/"
        client.post(f"{base}/versions/new/")
        response = client.post(f"{base}/v2/publish/", {"status": "final"}, follow=True)
        assert "Cabinet has not approved" in response.content.decode()
        client.post(
            f"{base}/v2/cabinet/",
            {"notes_en": "For approval", "notes_fr": "Pour approbation"},
        )
        review = PlanVersion.objects.get(number=2).cabinet_reviews.get()
        client.post(
            f"{base}/v2/cabinet/{review.pk}/",
            {"status": "approved", "notes_en": "Approved", "notes_fr": "Approuvé"},
        )
        response = client.post(f"{base}/v2/publish/", {"status": "final"})
        assert response["Location"] == f"/en/plans/{process.slug}/v2/"
        history = client.get(f"{base}/").content.decode()
        assert "Cabinet approved" in history and "Published as the final plan" in history
        # The notes are shown in the page's language.
        french = client.get(f"/fr/plans/staff/{process.slug}/").content.decode()
        assert "Approuvé" in french and "Pour approbation" in french
        assert "For approval" not in french
        # A published version's sections cannot be edited through the pages either.
        section = PlanVersion.objects.get(number=2).sections.first()
        response = client.post(
            f"{base}/v2/sections/{section.pk}/",
            {
                "kind": "narrative",
                "heading_en": "X",
                "heading_fr": "X",
                "body_en": "",
                "body_fr": "",
            },
        )
        assert "cannot be changed" in response.content.decode()
