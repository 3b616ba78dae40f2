from __future__ import annotations

import factory

from coplan.accounts.models import Organisation, User
from coplan.accounts.services import user_grant_role

TEST_PASSWORD = "correct horse battery staple"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"org-{n}")
    name_en = factory.Sequence(lambda n: f"Organisation {n}")
    name_fr = factory.Sequence(lambda n: f"Organisation {n} (fr)")
    kind = Organisation.Kind.DEPARTMENT


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


def staff_with_role(role: str, **kwargs) -> User:
    user = UserFactory(**kwargs)
    user_grant_role(user=user, role=role)
    return user
