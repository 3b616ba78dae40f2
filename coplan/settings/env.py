"""Reading configuration from the environment (12-factor), with one-line errors."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("COPLAN_VAR_DIR", BASE_DIR / "var"))

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


SUPPORTED_DB_SCHEMES = ("sqlite", "postgres", "postgresql", "pgsql")


def database_from_env(default_sqlite: Path, variable: str = "DATABASE_URL") -> dict:
    """Parse DATABASE_URL, defaulting to a SQLite file; a malformed URL is one clear error."""
    raw = os.environ.get(variable, "").strip()
    if not raw:
        default_sqlite.parent.mkdir(parents=True, exist_ok=True)
        raw = f"sqlite:///{default_sqlite}"
    scheme = raw.split("://", 1)[0] if "://" in raw else ""
    if scheme not in SUPPORTED_DB_SCHEMES:
        raise ImproperlyConfigured(
            f"{variable} is malformed: expected sqlite:///path or "
            f"postgres://user@host:port/name, got {_mask(raw)!r}."
        )
    try:
        config = dj_database_url.parse(raw, conn_max_age=0)
    except (ValueError, KeyError) as exc:
        raise ImproperlyConfigured(f"{variable} is malformed: {exc}") from None
    if not config.get("NAME"):
        raise ImproperlyConfigured(f"{variable} is malformed: it names no database.")
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {
            # WAL lets readers go on while one writer writes; IMMEDIATE takes the write lock at
            # the start of a transaction so concurrent writers queue instead of failing.
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            ),
        }
    # Keep connections between requests (SQLite too: reconnecting reruns the PRAGMAs).
    config["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 60)
    config["CONN_HEALTH_CHECKS"] = True
    return config


def _mask(url: str) -> str:
    """Hide a password in a URL before it is shown in an error."""
    if "@" in url and ":" in url.split("@", 1)[0].split("://", 1)[-1]:
        head, tail = url.split("@", 1)
        scheme, creds = head.split("://", 1)
        user = creds.split(":", 1)[0]
        return f"{scheme}://{user}:***@{tail}"
    return url


def local_secret_key() -> str:
    """A secret key generated once into var/ for local use (never in production)."""
    path = VAR_DIR / "secret_key"
    if path.exists():
        return path.read_text().strip()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    path.write_text(key)
    path.chmod(0o600)
    return key


CACHE_CONNECT_TIMEOUT = 0.25
CACHE_READ_TIMEOUT = 0.25


def cache_from_env() -> dict:
    """Local memory by default; Redis when CACHE_URL or REDIS_URL is set."""
    url = os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL")
    if not url:
        return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    if not url.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(f"CACHE_URL must be a redis:// URL, got {_mask(url)!r}.")
    return {
        "default": {
            # Degrades to "no cache" while Redis is down: pages are still served.
            "BACKEND": "coplan.core.cache.ResilientRedisCache",
            "LOCATION": url,
            # Redis answers within a millisecond or is in trouble: short timeouts, so that a hung
            # server costs a page a fraction of a second before the circuit breaker bypasses it.
            "OPTIONS": {
                "socket_connect_timeout": CACHE_CONNECT_TIMEOUT,
                "socket_timeout": CACHE_READ_TIMEOUT,
            },
            "KEY_PREFIX": "coplan",
        }
    }
