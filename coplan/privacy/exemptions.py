"""Text fields that hold no one's personal information, each with the reason.

The registry's completeness test looks at every text, JSON, file and address field of every
model: each must be registered as personal, be bilingual content (staff-written, by rule), have
choices (a code), be a slug, or be listed here. A new free-text field fails the test until its
app registers it or it is listed here with an honest reason. Models are named by label: the
privacy app imports no app.
"""

from __future__ import annotations

from .registry import Registry

_RANDOM = "a random secret or a hash of one, which names no one"
_CODE = "a code or key the application writes, never text a person typed"
_FINGERPRINT = "a fingerprint (SHA-256) or path of a file the application stored"
_LANGUAGE = "the language (en or fr) a person chose, which identifies no one"
_STAFF = "written by the team or the forum for publication, never by the public"
_PUBLIC_SESSION = "the public details of a session or an organisation, published as such"

NOT_PERSONAL: dict[str, dict[str, str]] = {
    "admin.LogEntry": {
        "object_id": "the primary key of the record staff changed",
        "change_message": "the names of the fields staff changed, never their values",
    },
    "auth.Permission": {"codename": _CODE},
    "contenttypes.ContentType": {"app_label": _CODE, "model": _CODE},
    "sessions.Session": {
        "session_data": "signed ids of the visitor's own contributions and sign-in state, never "
        "names or addresses; a session ends after SESSION_COOKIE_AGE",
    },
    "django_tasks_database.DBTaskResult": {
        name: "tasks receive record ids, never personal values; finished results are deleted "
        "after 14 days (90 when they failed) by core.task_results_prune"
        for name in (
            "args_kwargs",
            "task_path",
            "worker_ids",
            "return_value",
            "exception_class_path",
            "traceback",
        )
    },
    "otp_totp.TOTPDevice": {"key": _RANDOM},
    "otp_static.StaticToken": {"token": _RANDOM},
    "core.ScheduledJob": {"last_task_id": _CODE},
    "core.WorkerHeartbeat": {"worker_id": "the host and process of a worker"},
    "core.JobProgress": {"message": "the progress of a staff job: counts and steps"},
    "core.StaffAction": {"method": _CODE, "object_ids": "primary keys of the records staff saw"},
    "accounts.Organisation": {"website": _PUBLIC_SESSION},
    "accounts.User": {
        "password": "a password hash, made unusable when the account is de-identified"
    },
    "privacy.CorrectionRequest": {"language": _LANGUAGE},
    "privacy.AccessRequest": {"language": _LANGUAGE},
    "contributions.Contribution": {"duplicate_group": _CODE},
    "moderation.Decision": {"from_state": _CODE, "to_state": _CODE},
    "intake.Mailbox": {
        name: "settings of the team's consultation mailbox, not a person's"
        for name in ("label", "host", "password_env", "folder", "last_error")
    },
    "intake.ImportRun": {"file_sha256": _FINGERPRINT, "preset": _CODE},
    "intake.ImportReject": {"column": "the name of a column of the imported file"},
    "intake.IntakeItem": {"platform": "the name of a social-media platform"},
    "intake.EmailAttachment": {"content_type": "a file type", "sha256": _FINGERPRINT},
    "surveys.Response": {"language": _LANGUAGE},
    "surveys.Answer": {"province": _CODE, "code": _CODE},
    "surveys.ResultTally": {"province": _CODE, "key": _CODE},
    "events.Event": {"city": _PUBLIC_SESSION, "online_url": _PUBLIC_SESSION},
    "events.Registration": {"language": _LANGUAGE, "token": _RANDOM},
    "events.VolunteerOffer": {"language": _LANGUAGE},
    "commitments.Commitment": {"ogp_values": _CODE},
    "commitments.CommitmentVersion": {"data": _STAFF},
    "commitments.Amendment": {
        "redacted_replacement": "the copy with personal details masked, shown to the public",
        "redacted_reason": "the copy with personal details masked, shown to the public",
    },
    "commitments.MilestoneEvidence": {"url": _STAFF},
    "plans.PlanVersion": {"fingerprint": _FINGERPRINT},
    "plans.FrozenSection": {"number": _CODE, "key": _CODE},
    # Its notes (like PlanEvent's) are bilingual staff text: covered by translation.py.
    "plans.CabinetReview": {"fingerprint": _FINGERPRINT},
    "analysis.QueueCounts": {"fingerprint": _FINGERPRINT},
    "analysis.Campaign": {"key": _CODE},
    "analysis.TrainedModel": {
        "method": _CODE,
        "metrics": "scores of a trained model",
        "artifact": _FINGERPRINT,
    },
    "analysis.TopicCandidate": {
        "terms_en": "the words most frequent in a group of contributions",
        "terms_fr": "the words most frequent in a group of contributions",
        "example_ids": "primary keys of contributions",
        "member_ids": "primary keys of contributions",
    },
    "analysis.Report": {"data": "a published report's frozen figures and masked quotations"},
    "opendata.DataSetVersion": {"failure": "why a build failed (an exception, no data)"},
    "opendata.DataSetFile": {"path": _FINGERPRINT, "sha256": _FINGERPRINT},
    "notifications.Subscriber": {"token": _RANDOM},
    "notifications.Subscription": {"kinds": _CODE},
    "notifications.Announcement": {"url": _STAFF, "key": _CODE},
    "notifications.Delivery": {"claim": _RANDOM},
    "forum.WorkspacePage": {"title": _STAFF, "body": _STAFF},
    "forum.WorkspacePageVersion": {"title": _STAFF, "body": _STAFF},
    "forum.MeetingDocument": {"file": _STAFF, "sha256": _FINGERPRINT},
    "forum.Evidence": {"requirement": _CODE, "url": _STAFF, "file": _STAFF},
}


def exempt_all(registry: Registry) -> None:
    """Declare every field above, by model label."""
    for label, fields in NOT_PERSONAL.items():
        for name, reason in fields.items():
            registry.exempt(label, [name], reason=reason)
