import pytest

from tests.commitments.factories import make_commitment, make_milestone


@pytest.mark.django_db
def test_public_pages_render(client, forum_member):
    commitment = make_commitment(author=forum_member)
    make_milestone(commitment)
    process = commitment.process
    for url in [
        f"/en/commitments/{process.slug}/",
        f"/fr/commitments/{process.slug}/dashboard/",
        commitment.get_absolute_url(),
        f"/en/commitments/{process.slug}/{commitment.identifier}/template/",
        f"/en/commitments/{process.slug}/{commitment.identifier}/versions/?from=1&to=1",
        f"/en/processes/{process.slug}/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
