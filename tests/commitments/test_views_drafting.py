import pytest

from coplan.commitments import services
from tests.commitments.factories import make_commitment


@pytest.mark.django_db
def test_stale_edit_is_told_to_merge(client, forum_member):
    commitment = make_commitment(status="draft")
    client.force_login(forum_member)
    url = f"/en/commitments/{commitment.process.slug}/{commitment.identifier}/staff/edit/"
    data = {
        "title_en": "T",
        "title_fr": "T",
        "description_en": "Mine",
        "base_version": 1,
    }
    services.commitment_edit(
        commitment=commitment,
        editor=forum_member,
        base_version=1,
        data={"description_en": "Theirs"},
    )
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 400 and "Nothing was overwritten" in html
    assert "<del>" in html or "<ins>" in html
    commitment.refresh_from_db()
    assert commitment.description_en == "Theirs"


@pytest.mark.django_db
def test_illegal_transition_message(client, administrator):
    commitment = make_commitment(status="proposed")
    client.force_login(administrator)
    url = f"/fr/commitments/{commitment.process.slug}/{commitment.identifier}/staff/status/"
    response = client.post(url, {"to_status": "completed"})
    assert response.status_code == 400
    assert "ne peut pas passer" in response.content.decode()


@pytest.mark.django_db
def test_version_notes_are_shown_in_the_page_language(client, forum_member):
    """The version history shows each note in the page's language: the site's own notes
    (« Proposé. ») are written in both languages, an editor's note must be given in both (one
    language only is refused with a message on its field, nothing saved)."""
    commitment = make_commitment(status="draft")
    client.force_login(forum_member)
    url = f"/fr/commitments/{commitment.process.slug}/{commitment.identifier}/staff/edit/"
    data = {"title_en": "T", "title_fr": "T", "base_version": 1, "note_en": "Shorter title."}
    response = client.post(url, data)
    assert response.status_code != 302
    assert "Rédigez la note en anglais et en français" in response.content.decode()
    assert commitment.versions.count() == 1
    response = client.post(url, {**data, "note_fr": "Titre raccourci."})
    assert response.status_code == 302 and commitment.versions.count() == 2
    page = commitment.get_absolute_url()
    french = client.get(page.replace("/en/", "/fr/", 1)).content.decode()
    assert "Proposé." in french and "Titre raccourci." in french
    assert "Proposed." not in french and "Shorter title." not in french
    english = client.get(page.replace("/fr/", "/en/", 1)).content.decode()
    assert "Proposed." in english and "Shorter title." in english
