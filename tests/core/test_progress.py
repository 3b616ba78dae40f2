"""Progress of long jobs: counts that add up and titles in the reader's language."""

import pytest
from django.utils import translation
from django.utils.translation import gettext, gettext_lazy

from coplan.core.models import JobProgress
from coplan.core.progress import Progress


@pytest.mark.django_db
def test_job_of_unknown_size_ends_with_its_count_as_total(client, administrator):
    """A job begun without knowing its size (a mailbox) ends with "4 of 4 done", not "4 of 0"."""
    with Progress("Mailbox") as progress:
        progress.advance(4)
    job = JobProgress.objects.get(pk=progress.job.pk)
    assert (job.done, job.total, job.percent) == (4, 4, 100)
    client.force_login(administrator)
    text = client.get(f"/en/staff/progress/{job.pk}/").content.decode()
    assert "4 of 4 done (100%)." in text
    assert "of 0" not in text


@pytest.mark.django_db
def test_running_job_of_unknown_size_says_how_many_so_far(client, administrator):
    """While its size is unknown, a running job says how many items are done, not "of 0"."""
    job = JobProgress.objects.create(label="Mailbox", done=3, state="running")
    client.force_login(administrator)
    text = client.get(f"/en/staff/progress/{job.pk}/").content.decode()
    assert "3 items done so far." in text
    assert "of 0" not in text


@pytest.mark.django_db
def test_job_title_is_shown_in_the_readers_language(client, administrator):
    """A job started in English is titled in French on the French page, and the other way."""
    with Progress(gettext_lazy("Email import: %(file)s"), label_params={"file": "a.mbox"}) as p:
        p.advance(1)
    client.force_login(administrator)
    french = client.get(f"/fr/staff/progress/{p.job.pk}/").content.decode()
    english = client.get(f"/en/staff/progress/{p.job.pk}/").content.decode()
    with translation.override("fr"):
        french_title = gettext("Email import: %(file)s") % {"file": "a.mbox"}
    assert french_title.startswith("Importation de courriels")
    assert f"<h1>{french_title}</h1>" in french
    assert "<h1>Email import: a.mbox</h1>" in english
