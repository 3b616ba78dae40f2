"""Coplan with every cache off, for bench/render_speed.py: Django's dummy cache (no fragment,
hole, summary or version is ever found) and the whole-page cache off. Every request renders
its page from scratch, as visitors get it while content changes all the time."""

from coplan.settings.dev import *  # noqa: F403

CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
COPLAN_PAGE_CACHE = False
