import datetime

import pytest

from tests.processes.factories import ProcessFactory


@pytest.mark.django_db
class TestCurrentPhase:
    def test_from_dates(self):
        process = ProcessFactory()
        development = process.phases.get(kind="development")
        assert process.current_phase(today=development.starts_on) == development

    def test_none_outside_every_phase(self):
        process = ProcessFactory()
        assert process.current_phase(today=datetime.date(2030, 1, 1)) is None

    def test_override_wins(self):
        process = ProcessFactory()
        review = process.phases.get(kind="review")
        process.current_phase_override = review
        process.save()
        assert process.current_phase(today=datetime.date(2017, 10, 5)) == review

    def test_overlapping_phases_pick_the_latest_started(self):
        process = ProcessFactory()
        planning, development = process.phases.all()[:2]
        planning.ends_on = development.starts_on + datetime.timedelta(days=30)
        planning.save()
        assert process.current_phase(today=development.starts_on) == development
