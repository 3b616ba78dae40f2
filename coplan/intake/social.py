"""Social-media exports (CSV or JSON) into the corpus: one post, one pending contribution.

Columns are mapped per import: a preset names the columns of a common export format, and any
field can be pointed at another column (or, in JSON, at a dotted path such as "user.name").
The file is read whole once to check its structure (a broken file imports nothing), then
imported in chunks. A post is identified by platform + post id: importing the same export twice
adds nothing. Author handles are personal information and go to IntakeItem, never the text.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import IO

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coplan.contributions.models import Channel, Kind
from coplan.core.progress import Progress
from coplan.core.tabular import TabularError, cell_text, decode_text, map_columns, read_table
from coplan.processes.models import Process

from .dates import parse_when
from .inserts import CHUNK_SIZE
from .models import ImportRun
from .notes import read_upload
from .runs import fail_run, run_progress
from .storing import Item, RunWriter, external_ref

SOCIAL_FIELDS = ("platform", "post_id", "handle", "text", "posted_at", "url")
REQUIRED_FIELDS = ("post_id", "text")
PLATFORM_MAX_LENGTH = 40


@dataclass(frozen=True)
class Preset:
    label: object
    platform: str
    columns: Mapping[str, tuple[str, ...]]


_GENERIC_COLUMNS = {
    "platform": ("platform", "network", "source", "plateforme"),
    "post_id": ("post id", "post_id", "id", "message id", "identifiant"),
    "handle": ("author handle", "handle", "author", "username", "user", "screen name", "auteur"),
    "text": ("text", "message", "content", "body", "post", "texte", "contenu"),
    "posted_at": ("time", "posted at", "date", "created at", "timestamp", "published", "heure"),
    "url": ("url", "link", "permalink", "lien"),
}

PRESETS: dict[str, Preset] = {
    "generic": Preset(
        gettext_lazy("Generic (platform, post id, handle, text, time, URL)"), "", _GENERIC_COLUMNS
    ),
    "twitter": Preset(
        gettext_lazy("X (Twitter) archive or export"),
        "twitter",
        {
            "post_id": ("id_str", "tweet_id", "tweet id", "id"),
            "handle": ("user.screen_name", "screen_name", "username", "author", "user"),
            "text": ("full_text", "text", "tweet text", "content"),
            "posted_at": ("created_at", "time", "date", "timestamp"),
            "url": ("url", "tweet url", "permalink"),
        },
    ),
    "facebook": Preset(
        gettext_lazy("Facebook page export"),
        "facebook",
        {
            "post_id": ("post id", "id", "comment id"),
            "handle": ("from.name", "author", "name", "from"),
            "text": ("message", "post message", "comment", "description", "text"),
            "posted_at": ("created_time", "publish time", "created time", "date"),
            "url": ("permalink_url", "permalink", "url", "link"),
        },
    ),
    "instagram": Preset(
        gettext_lazy("Instagram export"),
        "instagram",
        {
            "post_id": ("id", "media id", "comment id"),
            "handle": ("username", "owner.username", "from.username", "author"),
            "text": ("caption", "text", "comment"),
            "posted_at": ("timestamp", "publish time", "created_time", "date"),
            "url": ("permalink", "url"),
        },
    ),
    "linkedin": Preset(
        gettext_lazy("LinkedIn export"),
        "linkedin",
        {
            "post_id": ("urn", "share link", "sharelink", "id"),
            "handle": ("author", "name", "member"),
            "text": ("sharecommentary", "share commentary", "commentary", "text", "message"),
            "posted_at": ("date", "created date", "created_at"),
            "url": ("sharelink", "share link", "url"),
        },
    ),
}


def preset_choices() -> list[tuple[str, object]]:
    return [(name, preset.label) for name, preset in PRESETS.items()]


@dataclass
class _Source:
    """Rows as (line, {field: value}) from a CSV/XLSX table or a JSON document."""

    total: int
    rows: Iterator[tuple[int, dict[str, object]]]


def _aliases(preset: Preset, mapping: Mapping[str, str] | None) -> dict[str, tuple[str, ...]]:
    aliases = {field: tuple(preset.columns.get(field, ())) for field in SOCIAL_FIELDS}
    for field, column in (mapping or {}).items():
        if field not in SOCIAL_FIELDS:
            raise TabularError(
                _("Unknown field “%(field)s”: use one of %(fields)s.")
                % {"field": field, "fields": ", ".join(SOCIAL_FIELDS)}
            )
        if column:
            aliases[field] = (column,)
    return aliases


def _tabular_source(data: bytes, filename: str, aliases) -> _Source:
    # First pass: the whole file parses (else TabularError, nothing stored); count the rows.
    table = read_table(data, filename=filename)
    columns = map_columns(table.headers, aliases, required=REQUIRED_FIELDS)
    total = sum(1 for _row in table.rows)
    table = read_table(data, filename=filename)
    return _Source(total=total, rows=table.mapped(columns))


_JS_ASSIGNMENT = re.compile(r"^\s*window\.[\w.]+\s*=\s*")


def _json_source(data: bytes, aliases) -> _Source:
    text, _encoding = decode_text(data)
    text = _JS_ASSIGNMENT.sub("", text, count=1)  # X/Twitter archives: "window.YTD... = ["
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise TabularError(
            _("The JSON is not valid: %(problem)s.") % {"problem": exc.msg},
            line=exc.lineno,
            column=str(exc.colno),
        ) from None
    except RecursionError:
        raise TabularError(_("The JSON is nested too deeply.")) from None
    posts = _post_list(document)
    if posts is None:
        raise TabularError(
            _("The JSON must be a list of posts (or hold one under “data”, “posts” or “items”).")
        )

    def rows() -> Iterator[tuple[int, dict[str, object]]]:
        for index, post in enumerate(posts, start=1):
            post = _unwrap(post)
            values: dict[str, object] = {}
            if isinstance(post, dict):
                for field, names in aliases.items():
                    values[field] = _first(post, names)
            yield index, values

    if posts and not any(
        _first(_unwrap(post), aliases["text"]) is not None
        for post in posts[:50]
        if isinstance(_unwrap(post), dict)
    ):
        wanted = aliases["text"][0] if aliases["text"] else "text"
        raise TabularError(_("Column not found: %(columns)s.") % {"columns": f"“{wanted}”"})
    return _Source(total=len(posts), rows=rows())


def _post_list(document: object) -> list | None:
    if isinstance(document, list):
        return document
    if isinstance(document, dict):
        for key in ("data", "posts", "items", "tweets", "results"):
            if isinstance(document.get(key), list):
                return document[key]
    return None


def _unwrap(post: object) -> object:
    """{"tweet": {...}} → {...}: archives wrap each post in a one-key object."""
    if isinstance(post, dict) and len(post) == 1:
        (inner,) = post.values()
        if isinstance(inner, dict):
            return inner
    return post


def _first(post: dict, names: tuple[str, ...]) -> object:
    for name in names:
        value = _path(post, name)
        if value is not None:
            return value
    return None


def _path(post: dict, name: str) -> object:
    value: object = post
    for key in name.split("."):
        if not isinstance(value, dict):
            return None
        if key in value:
            value = value[key]
            continue
        lowered = {str(k).casefold(): v for k, v in value.items()}
        if key.casefold() not in lowered:
            return None
        value = lowered[key.casefold()]
    if isinstance(value, dict | list):
        return None
    return value


def _platform(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", value.casefold()).strip("-")[:PLATFORM_MAX_LENGTH]


def social_export_import(
    *,
    process: Process,
    uploaded_file: IO[bytes] | bytes,
    filename: str,
    preset: str = "generic",
    mapping: Mapping[str, str] | None = None,
    platform: str = "",
    imported_by=None,
    terminal: bool = False,
    progress: Progress | None = None,
) -> ImportRun:
    """Import a CSV, XLSX or JSON export of posts as pending social-media contributions.

    `preset` names a known export format; `mapping` points fields (platform, post_id, handle,
    text, posted_at, url) at other columns; `platform` is used when neither the preset nor a
    column gives one. Returns the ImportRun (FAILED with the line and column when the file is
    broken: then nothing is imported).
    """
    if preset not in PRESETS:
        raise ValueError(f"unknown preset {preset}")
    chosen = PRESETS[preset]
    run = ImportRun.objects.create(
        process=process,
        source=ImportRun.Source.SOCIAL,
        filename=filename[:255],
        preset=preset,
        imported_by=imported_by,
    )
    try:
        source = _source(run, read_upload(uploaded_file), filename, _aliases(chosen, mapping))
    except TabularError as exc:
        return fail_run(run, exc)
    default_platform = _platform(chosen.platform or platform or "")
    label = gettext_lazy("Social-media import: %(file)s")
    with run_progress(
        run, progress, label=label, filename=filename, total=source.total, terminal=terminal
    ) as running:
        writer = RunWriter(run, channel=Channel.SOCIAL, progress=running)
        for chunk in _chunks(source.rows, CHUNK_SIZE):
            _add_posts(writer, chunk, default_platform)
        return writer.finish()


def _chunks(rows: Iterable[tuple[int, dict]], size: int) -> Iterator[list[tuple[int, dict]]]:
    chunk: list[tuple[int, dict]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _source(
    run: ImportRun, data: bytes, filename: str, aliases: dict[str, tuple[str, ...]]
) -> _Source:
    """The file's posts (JSON, else CSV or XLSX); its fingerprint recorded on the run."""
    run.file_sha256 = hashlib.sha256(data).hexdigest()
    if filename.lower().endswith((".json", ".js")) or data.lstrip()[:1] in (b"[", b"{"):
        return _json_source(data, aliases)
    return _tabular_source(data, filename, aliases)


class _Excerpt:
    """The row as one line of text, built only if the row is rejected (most never are)."""

    __slots__ = ("values",)

    def __init__(self, values: dict) -> None:
        self.values = values

    def __str__(self) -> str:
        return " | ".join(cell_text(v) for v in self.values.values())


def _post_ref(values: dict, default_platform: str) -> tuple[str, str, str]:
    """(platform, post id, reference) of a row; the reference is "" when either is missing."""
    post_id = cell_text(values.get("post_id"))
    platform = _platform(cell_text(values.get("platform"))) or default_platform
    ref = external_ref(platform, post_id) if post_id and platform else ""
    return platform, post_id, ref


def _add_posts(writer: RunWriter, rows: list[tuple[int, dict]], default_platform: str) -> None:
    """Add a chunk of rows; those whose post the corpus already holds are counted first.

    Looking the references up before anything else means a re-import never parses a date,
    detects a language or redacts a text of a post it already has.
    """
    refs = [_post_ref(values, default_platform) for _line, values in rows]
    known = writer.known_refs(ref for _platform, _post_id, ref in refs)
    skipped = 0
    for (line, values), (platform, post_id, ref) in zip(rows, refs, strict=True):
        if ref and ref in known:
            skipped += 1
            continue
        _add_post(writer, line, values, platform, post_id)
    writer.skip_duplicates(skipped)


def _add_post(writer: RunWriter, line: int, values: dict, platform: str, post_id: str) -> None:
    raw = _Excerpt(values)
    received, refusal = _received(values, platform, post_id)
    if received is None:
        column, reason = refusal
        writer.reject(position=line, line=line, column=column, reason=reason, raw=raw)
        return
    url = cell_text(values.get("url"))
    if url and not url.startswith(("https://", "http://")):
        url = ""
    writer.add(
        Item(
            external_ref=external_ref(platform, post_id),
            text=cell_text(values.get("text")),
            received_at=received,
            kind=Kind.COMMENT,
            position=line,
            line=line,
            platform=platform,
            handle=cell_text(values.get("handle")),
            source_url=url,
            provenance={
                "source": "social",
                "platform": platform,
                "post_id": post_id[:200],
                "row": line,
            },
            raw_excerpt=raw,
        )
    )


def _received(
    values: dict, platform: str, post_id: str
) -> tuple[datetime.datetime | None, tuple[str, str]]:
    """When the post was made; else None and (column, reason) why the row cannot be imported."""
    if not post_id:
        return None, ("post_id", _("The post id is empty."))
    if not platform:
        reason = _("The platform is not given (choose a preset or name the platform).")
        return None, ("platform", reason)
    posted = values.get("posted_at")
    if posted in (None, ""):
        return None, ("posted_at", _("The time of the post is empty."))
    try:
        return parse_when(posted), ("", "")
    except ValueError:
        value = cell_text(posted)[:60]
        return None, ("posted_at", _("The time “%(value)s” cannot be read.") % {"value": value})
