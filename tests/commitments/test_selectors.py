import pytest

from tests.commitments.factories import make_commitment


@pytest.mark.django_db
def test_process_summary_counts_every_commitment_of_a_status():
    """Two withdrawn and two in implementation read as 2 and 2 (the model's ordering once split
    each status into groups of one in the count)."""
    from coplan.commitments.selectors import process_summary
    from tests.processes.factories import ProcessFactory

    process = ProcessFactory()
    for status in ["withdrawn", "withdrawn", "in_implementation", "in_implementation", "draft"]:
        make_commitment(process, status=status)
    summary = process_summary(process)
    assert summary["total"] == 5
    assert {status: count for status, _label, count in summary["statuses"]} == {
        "draft": 1,
        "in_implementation": 2,
        "withdrawn": 2,
    }
