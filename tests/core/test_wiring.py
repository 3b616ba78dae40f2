"""The apps plug into each other in one readable place: each app's `wiring.py`, read once by
`core.apps.wire_apps`; no AppConfig hides wiring in `ready()`."""

from __future__ import annotations

import inspect

from django.apps import AppConfig, apps

from coplan.core.apps import CoreConfig, wire_apps
from coplan.core.scheduling import periodic_jobs
from coplan.privacy.registry import registry


def _coplan_configs() -> list[AppConfig]:
    return [config for config in apps.get_app_configs() if config.name.startswith("coplan.")]


def test_no_app_config_but_core_defines_ready():
    hiding = [
        config.name
        for config in _coplan_configs()
        if type(config) is not CoreConfig and "ready" in vars(type(config))
    ]
    assert hiding == [], f"wiring belongs in <app>/wiring.py, not ready(): {hiding}"


def test_every_app_with_wiring_is_read_in_installed_apps_order():
    names = [config.name for config in _coplan_configs()]
    wired = wire_apps()  # importing again is free: each module ran once
    assert wired == sorted(wired, key=lambda name: names.index(name.rsplit(".", 1)[0]))
    assert "coplan.core.wiring" in wired and "coplan.privacy.wiring" in wired


def test_wiring_declarations_are_in_place():
    # A model from each app that declares personal data is known to the privacy registry, and
    # core's periodic jobs are scheduled: the wiring ran.
    assert registry.entries()
    assert "core.task_results_prune" in {job.name for job in periodic_jobs()}
    assert inspect.getsource(CoreConfig.ready).count("wire_apps()") == 1
