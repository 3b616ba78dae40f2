"""Helpers shared by this app's test modules (a test module never imports another)."""

from __future__ import annotations

import importlib
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import polib
from django.test import Client

from coplan.accounts import roles
from coplan.accounts.services import user_grant_role
from tests.accounts.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]


def libraries_french() -> dict[str, str]:
    """English → French of Django's and the installed libraries' own catalogs."""
    theirs: dict[str, str] = {}
    for package in ("django", "django_otp", "django_tasks", "django_tasks_db", "modeltranslation"):
        module = importlib.import_module(package)
        for path in Path(module.__file__).parent.rglob("locale/fr/LC_MESSAGES/django.po"):
            for entry in polib.pofile(str(path)):
                if entry.msgstr and not entry.msgctxt:
                    theirs.setdefault(entry.msgid, entry.msgstr)
    return theirs


SKIPPED = ("/static/", "/media/", "/admin/", ".ics", ".csv", ".pdf", ".json", ".xlsx", "/api/")


def parse(url: str, html: str) -> Page:
    page = Page(url)
    page.feed(html)
    return page


def shape(url: str) -> str:
    """A URL with its language and numbers blanked: pages of one kind share a shape."""
    return re.sub(r"\d+", "N", re.sub(r"^/(en|fr)/", "/", url.split("?", 1)[0]))


def everyone() -> Client:
    user = UserFactory(email="every-role@example.org")
    for role in (
        roles.ADMINISTRATOR,
        roles.MODERATOR,
        roles.ANALYST,
        roles.FORUM_MEMBER,
        roles.DEPARTMENT_REPORTER,
    ):
        user_grant_role(user=user, role=role)
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


class Page(HTMLParser):
    """Links, post forms with fields to fill, ids, the title and the error summary of a page."""

    def __init__(self, url: str) -> None:
        super().__init__()
        self.url = url
        self.links: list[str] = []
        # Each post form with fields to fill: (action, its hidden inputs: what a person sends
        # with the form even when every field is left empty, e.g. which of a page's forms it is).
        self.forms: list[tuple[str, dict[str, str]]] = []
        self.ids: set[str] = set()
        self.title = ""
        self.summaries: list[dict] = []
        self.field_errors = 0
        self._form: dict | None = None
        self._in_title = False
        self._summary: dict | None = None
        self._depth = 0
        self._item: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        classes = (a.get("class") or "").split()
        if "error-text" in classes or "errorlist" in classes:
            self.field_errors += 1
        if tag == "title":
            self._in_title = True
        if tag == "a" and (a.get("href") or "").startswith("/"):
            self.links.append(a["href"].split("#", 1)[0])
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self._form = {"action": a.get("action") or self.url, "fillable": False, "hidden": {}}
        if (
            self._form is not None
            and tag == "input"
            and (a.get("type") or "") == "hidden"
            and a.get("name")
            and a["name"] != "csrfmiddlewaretoken"
        ):
            self._form["hidden"][a["name"]] = a.get("value") or ""
        if self._form is not None and (
            tag in {"textarea", "select"}
            or (tag == "input" and (a.get("type") or "text") in FILLABLE)
        ):
            self._form["fillable"] = True
        if "data-error-summary" in a:
            self._summary = {"tabindex": a.get("tabindex"), "links": [], "items": []}
            self._depth = 0
        if self._summary is not None:
            self._depth += 1
            if tag == "a":
                self._summary["links"].append(a.get("href") or "")
            if tag == "li":
                self._item = []

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        if tag == "form" and self._form is not None:
            if self._form["fillable"]:
                self.forms.append((self._form["action"], self._form["hidden"]))
            self._form = None
        if self._summary is not None:
            if tag == "li" and self._item is not None:
                self._summary["items"].append("".join(self._item).strip())
                self._item = None
            self._depth -= 1
            if self._depth == 0:
                self.summaries.append(self._summary)
                self._summary = None

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        if self._item is not None:
            self._item.append(data)


FILLABLE = {"text", "email", "number", "date", "datetime-local", "url", "search", "tel", "file"}


def run_coplan(args: list[str], env_extra: dict[str, str]) -> subprocess.CompletedProcess:
    """The `coplan` command in a fresh process, with only these settings changed."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(env_extra)
    return subprocess.run(
        [sys.executable, "-m", "coplan.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
