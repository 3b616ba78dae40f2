"""Settings shared by every environment; each value can come from the environment."""

from __future__ import annotations

import os
from urllib.parse import urlsplit

from django.utils.translation import gettext_lazy as _

from .env import (
    BASE_DIR,
    VAR_DIR,
    cache_from_env,
    database_from_env,
    env_bool,
    env_int,
    env_list,
    local_secret_key,
)

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY") or local_secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

COPLAN_APPS = [
    "coplan.core",
    "coplan.accounts",
    "coplan.privacy",
    "coplan.processes",
    "coplan.contributions",
    "coplan.moderation",
    "coplan.intake",
    "coplan.surveys",
    "coplan.events",
    "coplan.commitments",
    "coplan.plans",
    "coplan.analysis",
    "coplan.opendata",
    "coplan.notifications",
    "coplan.forum",
    "coplan.backoffice",
]

INSTALLED_APPS = [
    # modeltranslation patches the admin, so it comes first.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "coplan.core.apps.StaticFilesConfig",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    *COPLAN_APPS,
]

MIDDLEWARE = [
    # Before all: strangers' cached pages and the health check skip the rest (issue 21),
    # with the headers the rest would have put on them.
    "coplan.core.pagecache_fast.FastPageMiddleware",
    # Next, so that every response (static files and error pages too) carries the policy.
    "coplan.core.security.ContentSecurityPolicyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the session and every view: a NUL byte never reaches a query (a 400, not a 500).
    "coplan.core.badinput.NulByteMiddleware",
    "coplan.core.replica.ReplicaRoutingMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Django's, with a participant's account remembered until an account changes (issue 21).
    "coplan.core.authentication.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "coplan.core.security.StaffSecurityMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "coplan.core.middleware.StaffNoStoreMiddleware",
    "coplan.core.middleware.ErrorTitleMiddleware",
]

ROOT_URLCONF = "coplan.urls"
WSGI_APPLICATION = "coplan.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "coplan.core.context_processors.site",
            ],
            # The date and time filters write « 1er juillet » and « 18 h » in French; the
            # typography filter gives the French staff type its non-breaking spaces, lang_attr marks
            # the public's words with their own language.
            "builtins": [
                "coplan.core.templatetags.coplan_dates",
                "coplan.core.templatetags.coplan_language",
            ],
        },
    }
]

DATABASES = {"default": database_from_env(VAR_DIR / "coplan.sqlite3")}
if os.environ.get("DATABASE_REPLICA_URL"):
    # Anonymous page reads go to the replica (coplan.core.replica); tests mirror the primary.
    DATABASES["replica"] = {
        **database_from_env(VAR_DIR / "coplan.sqlite3", variable="DATABASE_REPLICA_URL"),
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["coplan.core.replica.PrimaryReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
CACHES = cache_from_env()
# With a cache every web process shares (Redis), sessions are read from it and written through
# to the database; a cache of each process's own memory would let a signed-out session live on
# in the other processes, so then sessions stay in the database alone.
if CACHES["default"]["BACKEND"] != "django.core.cache.backends.locmem.LocMemCache":
    SESSION_ENGINE = "coplan.core.session_cached_db"
else:
    SESSION_ENGINE = "coplan.core.session_db"
# A participant's session and account are remembered per process for this long, until any
# session or account changes anywhere (coplan.core.authentication).
COPLAN_SIGNED_IN_MEMO_SECONDS = 2.0

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:profile"
LOGOUT_REDIRECT_URL = "processes:home"
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        # Participants have no first or last name; the name they show is a display name.
        "OPTIONS": {"user_attributes": ("email", "display_name")},
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 15},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: English and French, both official, both complete.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = ("en", "fr")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en", "fr")
USE_I18N = True
USE_TZ = True
TIME_ZONE = os.environ.get("TIME_ZONE", "America/Toronto")
# Dates and numbers the Canada.ca way in both languages (tables YYYY-MM-DD, prose "July 1, 2018"
# and « 1er juillet 2018 », French times « 18 h 30 »).
FORMAT_MODULE_PATH = ["coplan.core.formats"]
# The project's translations win over Django's and libraries' for the same English text
# (« Séances », not Django's « Sessions »; « Adresse courriel », not « Adresse électronique »):
# catalogs in LOCALE_PATHS take precedence over every installed app's.
LOCALE_PATHS = [BASE_DIR / app.replace(".", "/") / "locale" for app in COPLAN_APPS]
LANGUAGE_COOKIE_NAME = "coplan_language"
LANGUAGE_COOKIE_SECURE = False
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [
    ("vendor/gcds-tokens", BASE_DIR / "node_modules/@cdssnc/gcds-tokens/build/web/css"),
    ("vendor/gcds-utility", BASE_DIR / "node_modules/@cdssnc/gcds-utility/dist"),
    ("vendor/gcds-fonts", BASE_DIR / "node_modules/@gcds-core/fonts/fonts"),
    ("vendor/htmx", BASE_DIR / "node_modules/htmx.org/dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "coplan.core.storage.StaticStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Coplan <no-reply@coplan.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default", "mail", "imports"],
    }
}

# A running job whose worker has not been heard from for this long is put back in the queue.
COPLAN_WORKER_STALE_SECONDS = env_int("COPLAN_WORKER_STALE_SECONDS", 90)
# A delivery being sent (one SMTP transaction) for longer than this was cut off: it may be
# claimed again and resent (with the same Message-ID).
COPLAN_DELIVERY_LEASE_SECONDS = env_int("COPLAN_DELIVERY_LEASE_SECONDS", 120)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 12)
# Staff sessions also end after this many seconds without a request (coplan.core.security).
COPLAN_STAFF_SESSION_IDLE = env_int("COPLAN_STAFF_SESSION_IDLE", 60 * 30)
# Staff must pass a second factor (TOTP or a recovery code); always on in production.
COPLAN_STAFF_MFA_REQUIRED = env_bool("COPLAN_STAFF_MFA_REQUIRED", True)
# Whole public pages served from the cache (coplan.core.pagecache). Off only to measure or debug
# the rendering itself.
COPLAN_PAGE_CACHE = env_bool("COPLAN_PAGE_CACHE", True)
# Without Redis, each web process caches pages in its own memory: a change made in one of them
# replaces this file, which tells the others that their copies are out of date.
COPLAN_CONTENT_VERSION_FILE = os.environ.get(
    "COPLAN_CONTENT_VERSION_FILE", str(VAR_DIR / "content-version")
)
OTP_TOTP_ISSUER = os.environ.get("COPLAN_SITE_NAME", "Coplan")
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "coplan.core.views.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# The site's own identity, shown in the header and footer.
COPLAN_SITE_NAME = os.environ.get("COPLAN_SITE_NAME", "Coplan")
COPLAN_SITE_URL = os.environ.get("COPLAN_SITE_URL", "http://127.0.0.1:8000")
# Passkeys (WebAuthn) beside authenticator apps, as a second factor only: signing in without a
# password would be another way in beside the site's limited sign-in. Browsers offer them only
# on https (or localhost) under a host name, so a site served elsewhere offers apps alone.
_SITE = urlsplit(COPLAN_SITE_URL)
COPLAN_PASSKEYS = _SITE.scheme == "https" or _SITE.hostname == "localhost"
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
OTP_WEBAUTHN_RP_ID = _SITE.hostname if COPLAN_PASSKEYS else "localhost"
OTP_WEBAUTHN_RP_NAME = COPLAN_SITE_NAME
OTP_WEBAUTHN_ALLOWED_ORIGINS = [
    f"{_SITE.scheme}://{_SITE.netloc}" if COPLAN_PASSKEYS else "http://localhost"
]
COPLAN_SOCIAL_ACCOUNTS = env_list("COPLAN_SOCIAL_ACCOUNTS", [])
# The Government of Canada signature, breadcrumb and footer (coplan.core.identity): on for a GC
# deployment (bin/serve's demo), off for anyone else, who shows only COPLAN_SITE_NAME.
COPLAN_GC_IDENTITY = env_bool("COPLAN_GC_IDENTITY", False)

# Public writes are rate limited per client and per account: "count/seconds".
COPLAN_RATE_LIMITS = {
    "public_write": os.environ.get("COPLAN_RATE_PUBLIC_WRITE", "20/60"),
    "public_write_account": os.environ.get("COPLAN_RATE_PUBLIC_WRITE_ACCOUNT", "30/60"),
    "sign_in": os.environ.get("COPLAN_RATE_SIGN_IN", "10/300"),
    # Per account (a keyed hash of the address typed in), whoever tries: stops spreading a
    # password-guessing attack over many clients.
    "sign_in_account": os.environ.get("COPLAN_RATE_SIGN_IN_ACCOUNT", "10/900"),
    "password_reset": os.environ.get("COPLAN_RATE_PASSWORD_RESET", "5/900"),
    "password_reset_account": os.environ.get("COPLAN_RATE_PASSWORD_RESET_ACCOUNT", "3/3600"),
    "mfa": os.environ.get("COPLAN_RATE_MFA", "10/300"),
    # A browser that signed in to the account before (signed cookie) has a budget of its own, so
    # guesses from elsewhere that spend the account's budget do not lock its owner out.
    "sign_in_device": os.environ.get("COPLAN_RATE_SIGN_IN_DEVICE", "10/900"),
    # Links sent by email on request (sign-in link, registration, two-step set-up), per client
    # and per address: nobody can flood a mailbox through the site.
    "email_link": os.environ.get("COPLAN_RATE_EMAIL_LINK", "5/900"),
    "email_link_account": os.environ.get("COPLAN_RATE_EMAIL_LINK_ACCOUNT", "5/3600"),
}
# Lifetimes of the single-use links sent by email (seconds).
COPLAN_SIGN_IN_LINK_AGE = env_int("COPLAN_SIGN_IN_LINK_AGE", 15 * 60)
COPLAN_MFA_ENROL_LINK_AGE = env_int("COPLAN_MFA_ENROL_LINK_AGE", 30 * 60)
COPLAN_REGISTRATION_LINK_AGE = env_int("COPLAN_REGISTRATION_LINK_AGE", 24 * 60 * 60)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Request logs would carry query strings and form data: keep them at warning level.
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "WARNING"},
    },
}
