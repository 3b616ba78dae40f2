from django_tasks import task


@task()
def dataset_version_build_task(version_id: int) -> int:
    """Build and publish a data set version in the background (see services)."""
    from .services import dataset_version_build

    return dataset_version_build(version_id=version_id).row_count


@task()
def contribution_uses_refresh_task() -> int:
    """Store the uses of the contributions changed since the last refresh (PostgreSQL)."""
    from .uses import refresh

    return refresh()
