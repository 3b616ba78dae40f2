"""Content blocks staff add to process pages and static pages: a video with its transcript, and
the "Contact us at any stage" block of a process.

A video is either a file the site serves (MP4 or WebM, with a WebVTT captions track in English
and in French) or a player embedded from an allow-listed service: YouTube through its
privacy-enhanced youtube-nocookie.com domain, or Vimeo with do-not-track. The Content-Security-
Policy frames those two players and nothing else (`core.security.VIDEO_EMBED_ORIGINS`). The
transcript is required in both languages: a video without one is refused and nothing is stored.
"""

from __future__ import annotations

import re
from typing import IO
from urllib.parse import parse_qs, urlsplit

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from coplan.core.security import VIDEO_EMBED_ORIGINS

from .models import ContactBlock, Process, StaticPage, VideoBlock

VIDEO_MAX_BYTES = 500 * 1024 * 1024
CAPTIONS_MAX_BYTES = 1024 * 1024
TRANSCRIPT_MAX_LENGTH = 50_000
INTRODUCTION_MAX_LENGTH = 2000
LANGUAGES = ("en", "fr")

_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_VIMEO_ID = re.compile(r"^[0-9]{6,12}$")
YOUTUBE_PLAYER, VIMEO_PLAYER = VIDEO_EMBED_ORIGINS
# The kinds of file a <video> element plays everywhere, told apart by their first bytes.
VIDEO_TYPES = {"mp4": "video/mp4", "webm": "video/webm"}


def embed_source(url: str) -> str | None:
    """The privacy-enhanced player address for a YouTube or Vimeo video address, else None."""
    try:
        parts = urlsplit((url or "").strip())
    except ValueError:
        return None
    if parts.scheme != "https":
        return None
    host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    path = [piece for piece in parts.path.split("/") if piece]
    youtube = _youtube_id(host, path, parts.query)
    if youtube is not None:
        return f"{YOUTUBE_PLAYER}/embed/{youtube}"
    vimeo = _vimeo_id(host, path)
    if vimeo is not None:
        return f"{VIMEO_PLAYER}/video/{vimeo}?dnt=1"
    return None


def _youtube_id(host: str, path: list[str], query: str) -> str | None:
    video_id = ""
    if host in ("youtube.com", "youtube-nocookie.com"):
        if path[:1] == ["watch"]:
            video_id = (parse_qs(query).get("v") or [""])[0]
        elif len(path) == 2 and path[0] in ("embed", "shorts", "live"):
            video_id = path[1]
    elif host == "youtu.be" and len(path) == 1:
        video_id = path[0]
    return video_id if _YOUTUBE_ID.match(video_id) else None


def _vimeo_id(host: str, path: list[str]) -> str | None:
    if host == "vimeo.com" and len(path) == 1:
        video_id = path[0]
    elif host == "player.vimeo.com" and len(path) == 2 and path[0] == "video":
        video_id = path[1]
    else:
        return None
    return video_id if _VIMEO_ID.match(video_id) else None


def video_kind(file: IO[bytes]) -> str | None:
    """ "mp4" or "webm" from the file's first bytes (never from its name), else None."""
    file.seek(0)
    head = file.read(12)
    file.seek(0)
    if len(head) >= 8 and head[4:8] == b"ftyp":
        return "mp4"
    if head[:4] == b"\x1a\x45\xdf\xa3":
        return "webm"
    return None


def _check_captions(file: UploadedFile, field: str, errors: dict[str, list[str]]) -> None:
    if file.size > CAPTIONS_MAX_BYTES:
        errors[field] = [_("A captions file is at most 1 MB.")]
        return
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    if not head.removeprefix(b"\xef\xbb\xbf").startswith(b"WEBVTT"):
        errors[field] = [_("Captions must be a WebVTT file (it starts with “WEBVTT”).")]


def video_block_save(
    *,
    block: VideoBlock | None = None,
    process: Process | None = None,
    page: StaticPage | None = None,
    title_en: str,
    title_fr: str,
    transcript_en: str,
    transcript_fr: str,
    embed_url: str = "",
    video_file: UploadedFile | None = None,
    captions_en: UploadedFile | None = None,
    captions_fr: UploadedFile | None = None,
    position: int = 0,
) -> VideoBlock:
    """Add a video to a process or a static page, or change one; nothing is stored unless the
    title and the transcript are there in both languages and the video is a playable file with
    its captions or an allow-listed embed."""
    if block is None and (process is None) == (page is None):
        raise ValueError("a new video goes on a process or a page")
    given = {"title_en": title_en, "title_fr": title_fr}
    given |= {"transcript_en": transcript_en, "transcript_fr": transcript_fr}
    texts = {field: (value or "").strip() for field, value in given.items()}
    embed_url = (embed_url or "").strip()
    errors = _text_errors(texts)
    _source_check(block, embed_url, video_file, {"en": captions_en, "fr": captions_fr}, errors)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        block = block or VideoBlock(process=process, page=page)
        _texts_set(block, texts, position)
        _sources_set(block, embed_url, video_file, captions_en, captions_fr)
        block.full_clean()
        block.save()
    return block


def _texts_set(block: VideoBlock, texts: dict[str, str], position: int) -> None:
    for field, value in texts.items():
        setattr(block, field, value)
    block.position = position


def _text_errors(texts: dict[str, str]) -> dict[str, list[str]]:
    """Errors of the titles and transcripts: both languages are required."""
    errors: dict[str, list[str]] = {}
    for field, label in (
        ("title_en", _("Write the title in English.")),
        ("title_fr", _("Write the title in French.")),
        ("transcript_en", _("A video needs its transcript in English.")),
        ("transcript_fr", _("A video needs its transcript in French.")),
    ):
        if not texts[field]:
            errors[field] = [label]
        elif field.startswith("transcript") and len(texts[field]) > TRANSCRIPT_MAX_LENGTH:
            errors[field] = [
                _("A transcript is at most %(limit)s characters.")
                % {"limit": TRANSCRIPT_MAX_LENGTH}
            ]
    return errors


def _source_check(
    block: VideoBlock | None,
    embed_url: str,
    video_file: UploadedFile | None,
    captions: dict[str, UploadedFile | None],
    errors: dict[str, list[str]],
) -> None:
    """Add to `errors` what is wrong with the video itself: an embed or a file, not both."""
    has_file = video_file is not None or bool(block is not None and block.video_file)
    if embed_url and video_file is not None:
        errors["embed_url"] = [_("Give either a video file or the address of a video, not both.")]
    elif embed_url:
        if embed_source(embed_url) is None:
            errors["embed_url"] = [
                _(
                    "Only YouTube and Vimeo videos can be embedded: give the address of the "
                    "video on one of them."
                )
            ]
    elif not has_file:
        errors["video_file"] = [_("Upload a video file or give the address of a video.")]
    else:
        if video_file is not None:
            _video_file_check(video_file, errors)
        _captions_check(block, captions, errors)


def _video_file_check(video_file: UploadedFile, errors: dict[str, list[str]]) -> None:
    if video_file.size > VIDEO_MAX_BYTES:
        errors["video_file"] = [_("A video file is at most 500 MB.")]
    elif video_kind(video_file) is None:
        errors["video_file"] = [_("The video must be an MP4 or WebM file.")]


def _captions_check(
    block: VideoBlock | None,
    captions: dict[str, UploadedFile | None],
    errors: dict[str, list[str]],
) -> None:
    """People who cannot hear the sound read the captions, in either language."""
    for language, upload in captions.items():
        field = f"captions_{language}"
        if upload is not None:
            _check_captions(upload, field, errors)
        elif not (block is not None and getattr(block, field)):
            errors[field] = [
                _("An uploaded video needs its captions in English.")
                if language == "en"
                else _("An uploaded video needs its captions in French.")
            ]


def _sources_set(
    block: VideoBlock,
    embed_url: str,
    video_file: UploadedFile | None,
    captions_en: UploadedFile | None,
    captions_fr: UploadedFile | None,
) -> None:
    block.embed_url = embed_url
    if embed_url:
        # An embed replaces a file: the file and its captions are no longer shown.
        block.video_file = block.captions_en = block.captions_fr = ""
    if video_file is not None:
        block.video_file = video_file
    if captions_en is not None:
        block.captions_en = captions_en
    if captions_fr is not None:
        block.captions_fr = captions_fr


def video_block_delete(*, block: VideoBlock) -> None:
    """Take a video off its page (its files go with it)."""
    files = [block.video_file, block.captions_en, block.captions_fr]
    with transaction.atomic():
        block.delete()
        transaction.on_commit(lambda: [file.delete(save=False) for file in files if file])


def contact_block_save(
    *,
    process: Process,
    introduction_en: str,
    introduction_fr: str,
    email: str,
    form_enabled: bool,
) -> ContactBlock:
    """Say how people contact the team at any stage: an address, a form, or both, with an
    optional introduction in both languages (one without the other is refused)."""
    introduction = {"en": (introduction_en or "").strip(), "fr": (introduction_fr or "").strip()}
    errors = _introduction_errors(introduction)
    email = (email or "").strip().lower()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = [_("Enter a valid email address.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        block, _created = ContactBlock.objects.select_for_update().get_or_create(process=process)
        block.introduction_en = introduction["en"]
        block.introduction_fr = introduction["fr"]
        block.email = email
        block.form_enabled = form_enabled
        block.full_clean()
        block.save()
    return block


def _introduction_errors(introduction: dict[str, str]) -> dict[str, list[str]]:
    """Both languages or neither, each within INTRODUCTION_MAX_LENGTH."""
    errors: dict[str, list[str]] = {}
    for language, other in (("en", "fr"), ("fr", "en")):
        if introduction[other] and not introduction[language]:
            errors[f"introduction_{language}"] = [
                _("Write the introduction in English too.")
                if language == "en"
                else _("Write the introduction in French too.")
            ]
        elif len(introduction[language]) > INTRODUCTION_MAX_LENGTH:
            errors[f"introduction_{language}"] = [
                _("The introduction is at most %(limit)s characters.")
                % {"limit": INTRODUCTION_MAX_LENGTH}
            ]
    return errors
