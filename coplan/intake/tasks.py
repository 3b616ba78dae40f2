from django_tasks import task

from .email_import import mailboxes_poll_due


@task(queue_name="imports")
def mailboxes_poll() -> dict[str, int]:
    """Periodic: poll every active mailbox that is due (failing ones wait, with backoff)."""
    return mailboxes_poll_due()
