from django_tasks import task

from . import services


@task()
def opportunities_sync_status() -> dict[str, int]:
    """Periodic: open and close opportunities on their dates."""
    return services.opportunities_sync_status()
