"""Email into the corpus: IMAP mailboxes, .eml files and .mbox archives.

Over IMAP, unseen messages are read with BODY.PEEK (which leaves them unseen), stored (or
recorded as rejects) in batches, and only then flagged \\Seen: a crash between the two leaves
them unseen, and the next poll finds them again and counts them as duplicates. Idempotency is by
Message-ID (or a hash of the message when it has none), through the corpus's unique reference.
"""

from __future__ import annotations

import datetime
import imaplib
import logging
import os
import re
import socket
import ssl
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coplan.contributions.models import Channel, Kind
from coplan.core.progress import Progress
from coplan.processes.models import Process

from .mail import MESSAGE_MAX_BYTES, ParsedEmail, parse_message, split_mbox
from .models import ImportRun, Mailbox
from .storing import Item, RunWriter

logger = logging.getLogger(__name__)

IMAP_TIMEOUT_SECONDS = 30
# Messages stored, then flagged seen, this many at a time.
IMAP_BATCH = 50
EMAIL_FILE_MAX_BYTES = 500 * 1024 * 1024


class MailboxError(Exception):
    """A mailbox that cannot be read: wrong password, unreachable server, missing folder."""


def email_item(parsed: ParsedEmail, *, position: int, provenance: dict) -> Item:
    """The corpus item for a parsed message: its text whole, with its attachments' text,
    however long (a brief of several megabytes is a contribution like any other)."""
    text = parsed.text
    details = {**provenance, "message": position}
    if parsed.message_id:
        details["message_id"] = parsed.message_id[:255]
    if parsed.notes:
        details["notes"] = parsed.notes
    if parsed.attachments:
        details["attachments"] = [
            {"name": a.filename, "type": a.content_type, "size": a.size} for a in parsed.attachments
        ]
    return Item(
        external_ref=parsed.external_ref,
        text=text,
        title=parsed.subject,
        received_at=parsed.date or timezone.now(),
        kind=Kind.SUBMISSION,
        position=position,
        provenance=details,
        contact_name=parsed.sender_name,
        contact_email=parsed.sender_address,
        attachments=list(parsed.attachments),
        text_max_length=None,
    )


def store_message(writer: RunWriter, raw: bytes, *, position: int, provenance: dict) -> None:
    """Parse one message and queue it on the writer, or record why it cannot be imported."""
    parsed = parse_message(raw)
    if parsed.problem:
        writer.reject(position=position, reason=parsed.problem, raw=raw[:4000])
        return
    writer.add(email_item(parsed, position=position, provenance=provenance))


def email_files_import(
    *,
    process: Process,
    files: Iterable[tuple[str, bytes]],
    imported_by=None,
    terminal: bool = False,
) -> list[ImportRun]:
    """Import .eml files and .mbox archives (name, bytes): one ImportRun per file."""
    runs = []
    for filename, data in files:
        run = ImportRun.objects.create(
            process=process,
            source=ImportRun.Source.EMAIL_FILE,
            filename=filename[:255],
            imported_by=imported_by,
        )
        with Progress(
            gettext_lazy("Email import: %(file)s"),
            label_params={"file": filename},
            terminal=terminal,
        ) as p:
            run.progress = p.job
            writer = RunWriter(run, channel=Channel.EMAIL, progress=p, chunk_size=IMAP_BATCH)
            runs.append(_email_file_import(writer, filename, data))
    return runs


def _email_file_import(writer: RunWriter, filename: str, data: bytes) -> ImportRun:
    """Store each message of the file (one .eml, or every message of an .mbox archive)."""
    if len(data) > EMAIL_FILE_MAX_BYTES:
        return writer.finish(error=_("The file is too large."))
    is_mbox = filename.lower().endswith((".mbox", ".mbx")) or data.startswith(b"From ")
    messages = split_mbox(data) if is_mbox else [data]
    provenance = {"source": "email_file", "file": filename[:255]}
    count = 0
    for position, raw in enumerate(messages, start=1):
        count += 1
        store_message(writer, raw, position=position, provenance=provenance)
    if not count:
        writer.reject(position=0, reason=_("The archive holds no message."))
    return writer.finish()


def _password(mailbox: Mailbox) -> str:
    password = os.environ.get(mailbox.password_env, "")
    if not password:
        raise MailboxError(
            _("The environment variable %(name)s, which should hold the password, is not set.")
            % {"name": mailbox.password_env}
        )
    return password


def _ssl_context() -> ssl.SSLContext:
    # A private certificate authority (e.g. a test server's) can be trusted by file.
    cafile = getattr(settings, "COPLAN_IMAP_CA_FILE", "") or os.environ.get(
        "COPLAN_IMAP_CA_FILE", ""
    )
    return ssl.create_default_context(cafile=cafile or None)


def imap_connect(mailbox: Mailbox) -> imaplib.IMAP4:
    """A logged-in connection with the folder selected, or MailboxError with one clear line."""
    where = f"{mailbox.host}:{mailbox.port}"
    password = _password(mailbox)
    connection = _imap_open(mailbox, where)
    try:
        connection.login(mailbox.username, password)
    except imaplib.IMAP4.error:
        _close(connection)
        raise MailboxError(
            _("The mail server %(server)s refused the user name or password.") % {"server": where}
        ) from None
    except OSError as exc:
        raise _unreachable(where, exc) from None
    try:
        status, _data = connection.select(_quote(mailbox.folder))
    except (imaplib.IMAP4.error, OSError):
        status = "NO"
    if status != "OK":
        _close(connection)
        raise MailboxError(
            _("The folder “%(folder)s” does not exist on %(server)s.")
            % {"folder": mailbox.folder, "server": where}
        )
    return connection


def _imap_open(mailbox: Mailbox, where: str) -> imaplib.IMAP4:
    """A connection to the server, secured as the mailbox says (not yet logged in)."""
    try:
        if mailbox.security == Mailbox.Security.TLS:
            return imaplib.IMAP4_SSL(
                mailbox.host,
                mailbox.port,
                ssl_context=_ssl_context(),
                timeout=IMAP_TIMEOUT_SECONDS,
            )
        connection = imaplib.IMAP4(mailbox.host, mailbox.port, timeout=IMAP_TIMEOUT_SECONDS)
        if mailbox.security == Mailbox.Security.STARTTLS:
            connection.starttls(ssl_context=_ssl_context())
        return connection
    except ssl.SSLError as exc:
        raise MailboxError(
            _("Secure connection to %(server)s failed: %(reason)s")
            % {"server": where, "reason": exc.reason or exc.__class__.__name__}
        ) from None
    except (OSError, imaplib.IMAP4.error) as exc:
        raise _unreachable(where, exc) from None


def _unreachable(where: str, exc: BaseException) -> MailboxError:
    return MailboxError(
        _("Cannot reach the mail server %(server)s: %(reason)s")
        % {"server": where, "reason": _reason(exc)}
    )


def _reason(exc: BaseException) -> str:
    if isinstance(exc, socket.timeout | TimeoutError):
        return _("no answer (timed out)")
    if isinstance(exc, ConnectionRefusedError):
        return _("connection refused")
    if isinstance(exc, socket.gaierror):
        return _("unknown host name")
    return str(exc) or exc.__class__.__name__


def _quote(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _close(connection: imaplib.IMAP4) -> None:
    try:
        connection.logout()
    except (imaplib.IMAP4.error, OSError):
        pass


def _check(response: tuple[str, list]) -> list:
    status, data = response
    if status != "OK":
        raise MailboxError(_("The mail server answered with an error."))
    return data


def mailbox_fetch(*, mailbox: Mailbox, imported_by=None, terminal: bool = False) -> ImportRun:
    """Import the unseen messages of a mailbox; flag each seen once stored. Raises MailboxError.

    The failure is recorded on the run (and by mailbox_poll, on the mailbox) before raising.
    """
    run = ImportRun.objects.create(
        process_id=mailbox.process_id,
        source=ImportRun.Source.IMAP,
        mailbox=mailbox,
        filename=f"{mailbox.username}@{mailbox.host}/{mailbox.folder}"[:255],
        imported_by=imported_by,
    )
    try:
        connection = imap_connect(mailbox)
    except MailboxError as exc:
        _run_failed(run, str(exc))
        raise
    try:
        _fetch_unseen(connection, run, mailbox, terminal=terminal)
    except (imaplib.IMAP4.error, OSError) as exc:
        run.refresh_from_db()
        _run_failed(
            run,
            _("The connection to the mail server was lost: %(reason)s") % {"reason": _reason(exc)},
        )
        raise MailboxError(run.error) from None
    finally:
        _close(connection)
    return run


def _run_failed(run: ImportRun, error: str) -> None:
    run.state = ImportRun.State.FAILED
    run.error = error
    run.finished_at = timezone.now()
    run.save()


def _fetch_unseen(
    connection: imaplib.IMAP4, run: ImportRun, mailbox: Mailbox, *, terminal: bool
) -> None:
    """Store the unseen messages in batches, each batch flagged seen once stored."""
    uids = _check(connection.uid("SEARCH", None, "UNSEEN"))[0].split()
    with Progress(
        gettext_lazy("Mailbox %(label)s"),
        label_params={"label": mailbox.label},
        total=len(uids),
        terminal=terminal,
    ) as progress:
        run.progress = progress.job
        writer = RunWriter(run, channel=Channel.EMAIL, progress=progress, chunk_size=10**9)
        provenance = {"source": "imap", "mailbox": mailbox.pk}
        for start in range(0, len(uids), IMAP_BATCH):
            batch = uids[start : start + IMAP_BATCH]
            for uid in batch:
                _fetch_one(connection, writer, uid, provenance)
            writer.flush()
            # Stored (or rejected) for good: now, and only now, flag them seen.
            _check(connection.uid("STORE", b",".join(batch), "+FLAGS", "(\\Seen)"))
        writer.finish()


def _fetch_one(connection: imaplib.IMAP4, writer: RunWriter, uid: bytes, provenance: dict) -> None:
    position = int(uid)
    size_data = _check(connection.uid("FETCH", uid, "(RFC822.SIZE)"))
    match = re.search(
        rb"RFC822\.SIZE (\d+)", b" ".join(d for d in size_data if isinstance(d, bytes))
    )
    if match and int(match.group(1)) > MESSAGE_MAX_BYTES:
        writer.reject(
            position=position,
            reason=_("The message is larger than %(limit)s MB and was not imported.")
            % {"limit": MESSAGE_MAX_BYTES // 2**20},
        )
        return
    data = _check(connection.uid("FETCH", uid, "(BODY.PEEK[])"))
    raw = next((part[1] for part in data if isinstance(part, tuple)), None)
    if raw is None:
        writer.reject(position=position, reason=_("The server did not return the message."))
        return
    store_message(writer, raw, position=position, provenance=provenance)


def mailbox_poll(*, mailbox: Mailbox, imported_by=None, terminal: bool = False) -> ImportRun:
    """Fetch a mailbox and record the outcome on it: success resets, failure backs off."""
    now = timezone.now()
    mailbox.last_polled_at = now
    try:
        run = mailbox_fetch(mailbox=mailbox, imported_by=imported_by, terminal=terminal)
    except MailboxError as exc:
        mailbox.failure_count += 1
        mailbox.last_error = str(exc)[:2000]
        mailbox.next_poll_at = now + mailbox.backoff()
        mailbox.save(update_fields=_POLL_FIELDS)
        logger.warning(
            "mailbox %s failed (%s in a row): %s", mailbox.pk, mailbox.failure_count, exc
        )
        raise
    mailbox.failure_count = 0
    mailbox.last_error = ""
    mailbox.last_success_at = timezone.now()
    mailbox.next_poll_at = now + mailbox.backoff()
    mailbox.save(update_fields=[*_POLL_FIELDS, "last_success_at"])
    return run


# What every poll records on the mailbox, whatever its outcome.
_POLL_FIELDS = ["last_polled_at", "failure_count", "last_error", "next_poll_at"]


def mailboxes_poll_due(*, now=None) -> dict[str, int]:
    """Poll every active mailbox whose time has come (periodic task); failures do not stop it.

    Each mailbox is claimed with a conditional UPDATE, so two workers never poll it at once.
    """
    now = now or timezone.now()
    counts = {"polled": 0, "failed": 0}
    due = Mailbox.objects.filter(active=True, next_poll_at__lte=now).order_by("next_poll_at")
    for mailbox in due:
        lease = now + datetime.timedelta(minutes=mailbox.poll_every_minutes)
        claimed = Mailbox.objects.filter(pk=mailbox.pk, next_poll_at=mailbox.next_poll_at).update(
            next_poll_at=lease
        )
        if not claimed:
            continue
        counts["polled"] += 1
        try:
            mailbox_poll(mailbox=mailbox)
        except MailboxError:
            counts["failed"] += 1
    return counts


def mailbox_save(*, data: Mapping[str, Any], mailbox: Mailbox | None = None) -> Mailbox:
    """Create or change a mailbox's settings. The password never passes through here: it
    stays in the server's environment, under the variable the mailbox names. A mailbox
    switched on (or changed) is polled at the next round, its failure count cleared."""
    mailbox = mailbox or Mailbox()
    for name, value in data.items():
        setattr(mailbox, name, value)
    mailbox.full_clean()
    if mailbox.active:
        mailbox.next_poll_at = timezone.now()
        mailbox.failure_count = 0
        mailbox.last_error = ""
    mailbox.save()
    return mailbox


def mailbox_connection_test(*, mailbox: Mailbox) -> int:
    """Sign in to the mailbox's server and open its folder, as a poll would, reading nothing;
    return how many messages wait unseen. Raises MailboxError with one clear line."""
    connection = imap_connect(mailbox)
    try:
        data = _check(connection.search(None, "UNSEEN"))
    finally:
        _close(connection)
    return len(data[0].split()) if data and data[0] else 0
