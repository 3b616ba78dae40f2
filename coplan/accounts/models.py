from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from .roles import ROLES, STAFF_ROLES


class Organisation(models.Model):
    """A department, civil-society organisation, the Multi-stakeholder Forum, or other body."""

    class Kind(models.TextChoices):
        DEPARTMENT = "department", _("Government department or agency")
        CIVIL_SOCIETY = "civil_society", _("Civil-society organisation")
        FORUM = "forum", _("Multi-stakeholder forum")
        PRIVATE_SECTOR = "private_sector", _("Private sector")
        ACADEMIA = "academia", _("Academia")
        OTHER = "other", _("Other")

    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=250)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with an email address."""

    class Language(models.TextChoices):
        EN = "en", _("English")
        FR = "fr", _("French")

    email = models.EmailField(_("email address"), unique=True)
    display_name = models.CharField(_("display name"), max_length=120, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=2, choices=Language, default=Language.EN
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("staff status"), default=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    # Raised when the person's rights drop (a role removed): every session signed in before
    # then no longer matches the account and is signed out (see _get_session_auth_hash).
    session_generation = models.PositiveIntegerField(_("session generation"), default=0)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.display_name or _("Participant %(number)s") % {"number": self.pk}

    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        # Django signs each session with a hash of the password, and signs a session out when
        # the hash no longer matches; the generation joins it, so that a role removed ends the
        # person's sessions too. Generation 0 keeps Django's own hash (sessions made before
        # the field existed stay valid).
        if not self.session_generation:
            return super()._get_session_auth_hash(secret=secret)
        key_salt = "coplan.accounts.User.session_auth_hash"
        value = f"{self.password}:{self.session_generation}"
        return salted_hmac(key_salt, value, secret=secret, algorithm="sha256").hexdigest()

    def has_role(self, role: str) -> bool:
        if self.is_superuser and role in STAFF_ROLES:
            return True
        return any(group.name == role for group in self.groups.all())


class EmailLinkRequest(models.Model):
    """A link someone asked us to email to an address (registration, sign-in, password reset),
    waiting for the mail worker.

    Every request stores one row and queues one task whatever the address, so neither the
    answer nor the work done tells whether the address has an account: the worker alone looks
    it up and sends the matching email. It deletes the row once done, so the address is kept
    only until the email is sent (the task queue carries the row's id, never the address).
    """

    class Kind(models.TextChoices):
        REGISTRATION = "registration", _("Registration")
        SIGN_IN = "sign_in", _("Sign-in link")
        PASSWORD_RESET = "password_reset", _("Password reset")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    email = models.EmailField(_("email address"), max_length=254)
    language = models.CharField(_("language"), max_length=2, choices=User.Language)
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)

    class Meta:
        verbose_name = _("link requested by email")
        verbose_name_plural = _("links requested by email")

    def __str__(self) -> str:
        return f"{self.kind} {self.requested_at:%Y-%m-%d %H:%M}"


class RoleChange(models.Model):
    """A role given to or taken from a person, by whom and when: the audit of staff rights.

    Rows are only added: the roles pages write one per role changed, never change one."""

    class Action(models.TextChoices):
        GRANTED = "granted", _("Granted")
        REMOVED = "removed", _("Removed")

    user = models.ForeignKey(
        User, verbose_name=_("person"), on_delete=models.CASCADE, related_name="role_changes"
    )
    role = models.CharField(_("role"), max_length=40, choices=list(ROLES.items()))
    action = models.CharField(_("change"), max_length=10, choices=Action)
    by = models.ForeignKey(
        User,
        verbose_name=_("changed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("role change")
        verbose_name_plural = _("role changes")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.role}"
