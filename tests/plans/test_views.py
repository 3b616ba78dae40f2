"""Public pages of the plan, and what they cost in queries."""

import datetime
import hashlib

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coplan.contributions.models import Contribution, ModerationState
from coplan.plans import services
from coplan.plans.models import PlanParagraph
from tests.plans.factories import (
    comment,
    draft_version,
    plan_opportunities,
    published_final,
    published_review,
)
from tests.processes.factories import ProcessFactory

pytestmark = pytest.mark.django_db


class TestPublicPages:
    def test_version_page_numbers_paragraphs_with_counts_and_fingerprint(self, client, process):
        draft_opportunity, _ = plan_opportunities(process)
        review = published_review(process)
        first = review.paragraphs.get(number=1)
        comment(first, opportunity=draft_opportunity)
        comment(first, opportunity=draft_opportunity)
        comment(first, opportunity=draft_opportunity, state=ModerationState.PENDING)
        html = client.get(review.get_absolute_url()).content.decode()
        assert review.fingerprint in html
        assert '2 comments<span class="visually-hidden"> on paragraph 1</span>' in html
        assert '0 comments<span class="visually-hidden"> on paragraph 2</span>' in html
        assert f'href="/en/plans/{process.slug}/v1/paragraphs/1/"' in html
        assert "Comments are open" in html
        french = client.get(f"/fr/plans/{process.slug}/v1/").content.decode()
        assert "Nous ouvrirons le gouvernement." in french

    def test_version_page_is_cached_and_a_moderation_decision_updates_its_counts(
        self, client, process, moderator, django_capture_on_commit_callbacks
    ):
        from coplan.moderation.services import contributions_moderate

        draft_opportunity, _ = plan_opportunities(process)
        review = published_review(process)
        first = review.paragraphs.get(number=1)
        comment(first, opportunity=draft_opportunity)
        waiting = comment(first, opportunity=draft_opportunity, state=ModerationState.PENDING)
        url = review.get_absolute_url()
        client.get(url)
        response = client.get(url)
        assert response["X-Page-Cache"] == "hit"
        assert '1 comment<span class="visually-hidden"> on paragraph 1</span>' in (
            response.content.decode()
        )
        with django_capture_on_commit_callbacks(execute=True):
            contributions_moderate(
                contribution_ids=[waiting.pk], action="approve", moderator=moderator
            )
        response = client.get(url)
        assert "X-Page-Cache" not in response
        assert '2 comments<span class="visually-hidden"> on paragraph 1</span>' in (
            response.content.decode()
        )

    def test_paragraph_page_shows_the_thread_and_a_form_while_open(self, client, process):
        draft_opportunity, _ = plan_opportunities(process)
        review = published_review(process)
        paragraph = review.paragraphs.get(number=2)
        comment(paragraph, opportunity=draft_opportunity, text="Visible comment")
        response = client.get(f"/en/plans/{process.slug}/v1/paragraphs/2/")
        html = response.content.decode()
        assert "We listened to you." in html and "Visible comment" in html
        assert "Send my comment" in html
        fragment = client.get(
            f"/en/plans/{process.slug}/v1/paragraphs/2/", HTTP_HX_REQUEST="true"
        ).content.decode()
        assert "<html" not in fragment and "Visible comment" in fragment

    def test_comment_on_a_paragraph_is_stored_pending_under_the_draft_opportunity(
        self, client, process
    ):
        draft_opportunity, _ = plan_opportunities(process)
        review = published_review(process)
        paragraph = review.paragraphs.get(number=1)
        content_type = ContentType.objects.get_for_model(PlanParagraph)
        from coplan.contributions.forms import new_form_token

        response = client.post(
            f"/en/participate/comment/{content_type.pk}/{paragraph.pk}/",
            {
                "text": "Please be more specific.",
                "consent_to_publish": "on",
                "form_token": new_form_token(),
            },
        )
        assert response.status_code in (200, 302), response.content.decode()[-3000:]
        stored = Contribution.objects.get()
        assert stored.target == paragraph and stored.opportunity == draft_opportunity
        assert stored.moderation_state == ModerationState.PENDING

    def test_comments_refused_on_unpublished_versions_and_after_closing(self, client, process):
        draft_opportunity, _ = plan_opportunities(process)
        review = published_review(process)
        draft = services.plan_version_create(plan=review.plan, actor=None)
        content_type = ContentType.objects.get_for_model(PlanParagraph)
        # A paragraph of an unpublished version does not exist for the public.
        hidden = PlanParagraph.objects.create(
            version=draft,
            section=review.frozen_sections.first(),
            position=99,
            number=99,
            text_en="hidden",
            text_fr="caché",
        )
        url = f"/en/participate/comment/{content_type.pk}/{hidden.pk}/"
        assert client.post(url, {"text": "x", "consent_to_publish": "on"}).status_code == 404
        assert client.get(f"/en/plans/{process.slug}/v2/").status_code == 404
        # After the closing date: a clear message, no form, nothing stored.
        draft_opportunity.closes_at = timezone.now() - datetime.timedelta(minutes=1)
        draft_opportunity.save()
        paragraph = review.paragraphs.get(number=1)
        html = client.get(f"/en/plans/{process.slug}/v1/paragraphs/1/").content.decode()
        assert "The review is closed" in html and "Send my comment" not in html
        response = client.post(
            f"/en/participate/comment/{content_type.pk}/{paragraph.pk}/",
            {"text": "Too late", "consent_to_publish": "on"},
        )
        assert response.status_code == 403
        assert not Contribution.objects.exists()
        assert (
            "La révision est terminée"
            in client.get(f"/fr/plans/{process.slug}/v1/").content.decode()
        )

    def test_draft_threads_stay_readable_after_the_final(self, client, process):
        draft_opportunity, _ = plan_opportunities(process)
        review = published_review(process)
        old = review.paragraphs.get(number=3)
        cited = comment(old, opportunity=draft_opportunity, text="Say which data.")

        def edit(version):
            services.plan_section_update(
                section=version.sections.get(key="open-data"),
                kind="narrative",
                heading_en="Open data",
                heading_fr="Données ouvertes",
                body_en="Publish more data on spending.",
                body_fr="Publier plus de données sur les dépenses.",
            )

        final = published_final(review, edit=edit)
        services.change_explain(
            version=final,
            old_paragraph=old,
            new_paragraph=final.paragraphs.get(number=3),
            explanation_en="You asked which data.",
            explanation_fr="Vous avez demandé lesquelles.",
            cited_comment_ids=[cited.pk],
        )
        html = client.get(f"/en/plans/{process.slug}/v2/changes/").content.decode()
        assert "reworded" in html and "You asked which data." in html
        assert "Say which data." in html
        assert "1 comment on draft paragraph 3" in html
        assert (
            "Vous avez demandé lesquelles."
            in client.get(f"/fr/plans/{process.slug}/v2/changes/").content.decode()
        )
        thread = client.get(f"/en/plans/{process.slug}/v1/paragraphs/3/").content.decode()
        assert "Say which data." in thread and "Send my comment" not in thread
        assert "A newer version" in thread
        assert client.get(f"/en/plans/{process.slug}/v1/changes/").status_code == 404

    def test_text_file_hashes_to_the_fingerprint(self, client, process):
        review = published_review(process)
        response = client.get(f"/en/plans/{process.slug}/v1/text.json")
        assert hashlib.sha256(response.content).hexdigest() == review.fingerprint

    def test_overview_process_section_and_participation_links(self, client, process):
        plan_opportunities(process)
        review = published_review(process)
        html = client.get(f"/en/processes/{process.slug}/").content.decode()
        assert f"/en/plans/{process.slug}/v1/" in html and "/fr/plans/" in html
        overview = client.get(f"/en/plans/{process.slug}/").content.decode()
        # The fingerprint is a detail of each version's page, not a column of the overview.
        assert review.fingerprint not in overview and "SHA-256" not in overview
        response = client.get(f"/en/plans/{process.slug}/current/draft/")
        assert response["Location"] == f"/en/plans/{process.slug}/v1/"
        response = client.get(f"/en/plans/{process.slug}/current/final/")
        assert response["Location"] == f"/en/plans/{process.slug}/"
        page = client.get(f"/en/processes/{process.slug}/take-part/draft-plan/").content.decode()
        assert f"/en/plans/{process.slug}/current/draft/" in page


class TestQueryCounts:
    def test_version_page_query_count_does_not_grow(self, client, process):
        draft_opportunity, _ = plan_opportunities(process)
        small = published_review(process)
        comment(small, opportunity=draft_opportunity)
        comment(small.paragraphs.first(), opportunity=draft_opportunity)
        with CaptureQueriesContext(connection) as few:
            assert client.get(small.get_absolute_url()).status_code == 200
        body = "\n\n".join(f"Paragraph {n}." for n in range(200))
        big = draft_version(
            ProcessFactory(),
            sections=[("Big", "Gros", body, body), ("More", "Plus", body, body)],
        )
        plan_opportunities(big.plan.process)
        big = services.plan_version_publish(version=big, status="review", actor=None)
        opportunity = big.plan.process.phases.get(kind="review").opportunities.get()
        for paragraph in big.paragraphs.all()[:50]:
            comment(paragraph, opportunity=opportunity)
            comment(big, opportunity=opportunity)
        with CaptureQueriesContext(connection) as many:
            assert client.get(big.get_absolute_url()).status_code == 200
        assert len(many) == len(few), [q["sql"] for q in many.captured_queries]

    def test_query_count_same_with_frozen_commitments_and_replies(self, client, process):
        """Commitments are frozen into paragraph rows, replies counted in the same query: a plan
        of commitments with milestones, threads and replies costs what a short narrative one does.
        """
        from tests.commitments.factories import make_commitment, make_milestone

        def with_replies(target, opportunity):
            parent = comment(target, opportunity=opportunity)
            Contribution.objects.create(
                process=parent.process,
                opportunity=opportunity,
                kind="reply",
                parent=parent,
                target_type=parent.target_type,
                target_id=parent.target_id,
                text="A reply.",
                language="fr",
                moderation_state=ModerationState.PUBLISHED,
                consent_to_publish=True,
                received_at=timezone.now(),
            )

        draft_opportunity, _ = plan_opportunities(process)
        small = published_review(process)
        with_replies(small, draft_opportunity)
        with_replies(small.paragraphs.first(), draft_opportunity)
        other = ProcessFactory()
        opportunity, _ = plan_opportunities(other)
        for number in range(1, 4):
            commitment = make_commitment(
                other, identifier=f"C-{number:02d}", status="in_draft_plan"
            )
            for _milestone in range(3):
                make_milestone(commitment)
        version = draft_version(other)
        services.plan_section_add(
            version=version, kind="commitments", heading_en="Commitments", heading_fr="Engagements"
        )
        big = services.plan_version_publish(version=version, status="review", actor=None)
        # Each commitment: its problem, then one paragraph per milestone.
        assert big.paragraphs.filter(kind=PlanParagraph.Kind.COMMITMENT).count() == 3 * 4
        for paragraph in big.paragraphs.all():
            with_replies(paragraph, opportunity)
        for _overall in range(3):
            with_replies(big, opportunity)
        counts = []
        for version in (small, big):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(version.get_absolute_url())
            assert response.status_code == 200
            counts.append(len(queries))
        assert "C-03" in response.content.decode()
        assert counts[0] == counts[1]

    def test_changes_page_query_count_does_not_grow(self, client, process):
        plan_opportunities(process)
        small = published_final(published_review(process))
        with CaptureQueriesContext(connection) as few:
            client.get(f"/en/plans/{process.slug}/v{small.number}/changes/")
        other = ProcessFactory()
        plan_opportunities(other)
        body = "\n\n".join(f"Paragraph {n}." for n in range(100))
        review = published_review(other, sections=[("Big", "Gros", body, body)])

        def edit(version):
            services.plan_section_update(
                section=version.sections.get(),
                kind="narrative",
                heading_en="Big",
                heading_fr="Gros",
                body_en=body.replace("1.", "one."),
                body_fr=body.replace("1.", "un."),
            )

        final = published_final(review, edit=edit)
        with CaptureQueriesContext(connection) as many:
            client.get(f"/en/plans/{other.slug}/v{final.number}/changes/")
        assert len(many) == len(few)
