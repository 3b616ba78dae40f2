"""The minimum requirements of the OGP Participation and Co-Creation Standards (2022), in the
order of its five standards: a space for dialogue (1), open information (2), inclusive
participation (3), a reasoned response (4), open implementation (5). How each is judged met is
in compliance.py."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy


@dataclass(frozen=True)
class Requirement:
    code: str
    standard: str
    title: object
    description: object
    # Phase kind from which it is due (None: from the start of the process).
    due_from: str | None = None


REQUIREMENTS: tuple[Requirement, ...] = (
    Requirement(
        "1.1",
        gettext_lazy("Standard 1: Space for dialogue"),
        gettext_lazy("A multi-stakeholder forum of government and civil society"),
        gettext_lazy(
            "A forum or other space oversees the OGP process and brings together government and "
            "non-governmental representatives."
        ),
    ),
    Requirement(
        "1.2",
        gettext_lazy("Standard 1: Space for dialogue"),
        gettext_lazy("The forum meets at least every six months"),
        gettext_lazy(
            "The forum has met in the last six months, and never gone longer without meeting."
        ),
    ),
    Requirement(
        "1.3",
        gettext_lazy("Standard 1: Space for dialogue"),
        gettext_lazy("Public rules on the forum's remit, membership and governance"),
        gettext_lazy(
            "The forum's terms of reference and participation rules are published in both official "
            "languages, with its membership."
        ),
    ),
    Requirement(
        "1.4",
        gettext_lazy("Standard 1: Space for dialogue"),
        gettext_lazy("The forum's minutes and decisions are published"),
        gettext_lazy(
            "Every meeting held more than 30 days ago has its minutes and decisions published."
        ),
    ),
    Requirement(
        "2.1",
        gettext_lazy("Standard 2: Open, accessible and timely information"),
        gettext_lazy("An OGP web page for the process"),
        gettext_lazy(
            "A public page explains the process, its phases, dates and ways to take part."
        ),
    ),
    Requirement(
        "2.2",
        gettext_lazy("Standard 2: Open, accessible and timely information"),
        gettext_lazy("A public repository updated at least twice a year"),
        gettext_lazy(
            "The evidence of the process is published in one place, with an update in the last "
            "six months."
        ),
    ),
    Requirement(
        "3.1",
        gettext_lazy("Standard 3: Inclusive and informed participation"),
        gettext_lazy("Timeline and opportunities published two weeks ahead"),
        gettext_lazy(
            "The co-creation timeline and the ways to take part were public at least two weeks "
            "before the first opportunity opened."
        ),
        due_from="development",
    ),
    Requirement(
        "3.2",
        gettext_lazy("Standard 3: Inclusive and informed participation"),
        gettext_lazy("Outreach and awareness-raising"),
        gettext_lazy(
            "Activities told the public about the process: sessions held, announcements sent."
        ),
        due_from="development",
    ),
    Requirement(
        "3.3",
        gettext_lazy("Standard 3: Inclusive and informed participation"),
        gettext_lazy("A way for anyone to give input"),
        gettext_lazy(
            "The public could send ideas and comments during co-creation, and input was received."
        ),
        due_from="development",
    ),
    Requirement(
        "4.1",
        gettext_lazy("Standard 4: Reasoned response and ongoing dialogue"),
        gettext_lazy("A reasoned response on how input was considered"),
        gettext_lazy(
            "A What We Heard report is published and contributions have a disposition and a "
            "reasoned response."
        ),
        due_from="drafting",
    ),
    Requirement(
        "5.1",
        gettext_lazy("Standard 5: Inclusive and informed participation in implementation"),
        gettext_lazy("Open implementation: at least two meetings with civil society"),
        gettext_lazy(
            "During implementation, government meets civil society at least twice to present "
            "progress and hear comments, and reports progress publicly."
        ),
        due_from="implementation",
    ),
)
REQUIREMENTS_BY_CODE = {requirement.code: requirement for requirement in REQUIREMENTS}
