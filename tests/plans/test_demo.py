import pytest

from coplan.accounts import demo as accounts_demo
from coplan.contributions.models import Contribution
from coplan.plans import demo
from coplan.plans.models import PlanVersion
from coplan.plans.selectors import version_changes
from coplan.processes import demo as processes_demo


@pytest.mark.django_db
def test_demo_has_a_commented_draft_and_an_explained_final_and_is_idempotent(client):
    accounts_demo.load()
    process = processes_demo.load()
    try:
        from coplan.commitments import demo as commitments_demo

        commitments_demo.load()
    except ImportError:
        pass
    plan = demo.load()
    assert demo.load() is None
    review = plan.versions.get(number=1)
    final = plan.versions.get(status=PlanVersion.Status.FINAL)
    assert review.status == PlanVersion.Status.SUPERSEDED and final.based_on == review
    assert Contribution.objects.filter(process=process).published().count() >= 4
    changes, _ = version_changes(final)
    explained = [c for s in changes for c in s.changes if c.explanation]
    assert len(explained) == 1 and explained[0].explanation.cited_comments.count() == 2
    # The commitments in the plan were frozen into it: a later edit changes no published text.
    frozen = review.paragraphs.filter(kind="commitment")
    from coplan.commitments.models import Commitment

    commitment = Commitment.objects.filter(process=process).first()
    if commitment is not None:
        assert frozen.exists()
        before = list(frozen.values_list("text_en", flat=True))
        Commitment.objects.filter(pk=commitment.pk).update(problem_en="Rewritten later.")
        assert list(frozen.values_list("text_en", flat=True)) == before
        assert review.frozen_sections.filter(key=f"commitment-{commitment.pk}").exists()
    for language in ("en", "fr"):
        assert client.get(f"/{language}/plans/{process.slug}/v2/changes/").status_code == 200
        assert client.get(f"/{language}/plans/{process.slug}/v1/").status_code == 200
