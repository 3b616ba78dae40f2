"""Demo organisations, roles and staff accounts (idempotent)."""

from __future__ import annotations

from . import roles
from .models import Organisation, User
from .services import roles_ensure, user_grant_role

# Demo accounts only exist in a demo database; the password is printed in the README.
DEMO_PASSWORD = "coplan-demo-2018"  # noqa: S105

ORGANISATIONS = [
    (
        "tbs",
        Organisation.Kind.DEPARTMENT,
        "Treasury Board of Canada Secretariat",
        "TBS",
        "Secrétariat du Conseil du Trésor du Canada",
        "SCT",
    ),
    (
        "statcan",
        Organisation.Kind.DEPARTMENT,
        "Statistics Canada",
        "StatCan",
        "Statistique Canada",
        "StatCan",
    ),
    (
        "nrcan",
        Organisation.Kind.DEPARTMENT,
        "Natural Resources Canada",
        "NRCan",
        "Ressources naturelles Canada",
        "RNCan",
    ),
    (
        "forum",
        Organisation.Kind.FORUM,
        "Multi-stakeholder Forum on Open Government",
        "MSF",
        "Forum multi-intervenants sur le gouvernement ouvert",
        "FMI",
    ),
    ("open-north", Organisation.Kind.CIVIL_SOCIETY, "Open North", "", "Nord Ouvert", ""),
    (
        "civic-tech-network",
        Organisation.Kind.CIVIL_SOCIETY,
        "Civic Tech Network",
        "",
        "Réseau des technologies civiques",
        "",
    ),
]

STAFF = [
    ("admin@example.org", "Demo administrator", "tbs", [roles.ADMINISTRATOR], True),
    ("moderator@example.org", "Demo moderator", "tbs", [roles.MODERATOR], False),
    ("analyst@example.org", "Demo analyst", "tbs", [roles.ANALYST], False),
    ("forum@example.org", "Demo forum member", "open-north", [roles.FORUM_MEMBER], False),
    (
        "reporter@example.org",
        "Demo department reporter",
        "statcan",
        [roles.DEPARTMENT_REPORTER],
        False,
    ),
    ("participant@example.org", "Demo participant", None, [roles.PARTICIPANT], False),
]


def load(stdout=None) -> None:
    roles_ensure()
    for slug, kind, name_en, acronym_en, name_fr, acronym_fr in ORGANISATIONS:
        Organisation.objects.update_or_create(
            slug=slug,
            defaults={
                "kind": kind,
                "name_en": name_en,
                "name_fr": name_fr,
                "acronym_en": acronym_en,
                "acronym_fr": acronym_fr,
            },
        )
    for email, display_name, organisation, role_names, superuser in STAFF:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email=email, password=DEMO_PASSWORD, display_name=display_name
            )
        user.organisation = Organisation.objects.filter(slug=organisation).first()
        user.is_superuser = superuser
        user.save()
        for role in role_names:
            user_grant_role(user=user, role=role)
