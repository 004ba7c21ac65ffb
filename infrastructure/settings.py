"""Settings from the environment (and an optional .env file), per API.md "Configuration"."""

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

DEV_SECRET_FILE = "secret_key"
DEFAULT_DATABASE_URL = "sqlite:///var/pobratym.sqlite3"
MIN_SECRET_BYTES = 32
ISSUER = "pobratym"
AUDIENCE = "pobratym-api"


def _load_dotenv(path: Path) -> dict[str, str]:
    values: dict[str, str] = {}
    if not path.is_file():
        return values
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.split("=", 1)
        values[key.strip()] = value.strip().strip("'\"")
    return values


@dataclass(frozen=True)
class Settings:
    """Everything the service reads from its environment."""

    database_url: str = DEFAULT_DATABASE_URL
    read_database_url: str | None = None
    secret_key: str = ""
    secret_is_generated: bool = False
    smtp_url: str | None = None
    webhook_url: str | None = None
    webhook_secret: str | None = None
    smtp_from: str = "pobratym@localhost"
    department_email: str | None = None
    staff_email_domain: str | None = None
    email_mode: str = "digest"
    timezone: str = "Europe/Kyiv"
    blocked_countries: frozenset[str] = field(default_factory=lambda: frozenset({"RU"}))
    var_dir: Path = Path("var")
    public_url: str = "http://127.0.0.1:8000"
    read_wait_seconds: float = 5.0
    read_statement_timeout: float = 5.0

    @property
    def is_postgres(self) -> bool:
        """Whether the event store is PostgreSQL (else the embedded SQLite or memory)."""
        return self.database_url.startswith(("postgresql:", "postgres:", "postgresql+"))

    @property
    def read_url(self) -> str:
        """The read-model database: its own setting, else beside the event store."""
        if self.read_database_url:
            return self.read_database_url
        if self.is_postgres:
            return self.database_url
        if self.database_url == "memory":
            return "sqlite://"
        path = self.database_url.removeprefix("sqlite:///")
        return f"sqlite:///{Path(path).with_name(Path(path).stem + '-read.sqlite3')}"

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> "Settings":
        """Read settings from the environment, a .env file and var/secret_key."""
        env = dict(_load_dotenv(Path(".env")))
        env.update(environ if environ is not None else os.environ)
        var_dir = Path(env.get("POBRATYM_VAR_DIR", "var"))
        secret = env.get("POBRATYM_SECRET_KEY", "")
        generated = False
        secret_file = var_dir / DEV_SECRET_FILE
        if not secret and secret_file.is_file():
            secret = secret_file.read_text(encoding="utf-8").strip()
            generated = True
        blocked = env.get("POBRATYM_BLOCKED_COUNTRIES", "RU")
        return cls(
            database_url=env.get("POBRATYM_DATABASE_URL", DEFAULT_DATABASE_URL),
            read_database_url=env.get("POBRATYM_READ_DATABASE_URL") or None,
            secret_key=secret,
            secret_is_generated=generated,
            smtp_url=env.get("POBRATYM_SMTP_URL") or None,
            webhook_url=env.get("POBRATYM_WEBHOOK_URL") or None,
            webhook_secret=env.get("POBRATYM_WEBHOOK_SECRET") or None,
            smtp_from=env.get("POBRATYM_SMTP_FROM") or "pobratym@localhost",
            department_email=env.get("POBRATYM_DEPARTMENT_EMAIL") or None,
            staff_email_domain=env.get("POBRATYM_STAFF_EMAIL_DOMAIN") or None,
            email_mode=(env.get("POBRATYM_EMAIL_MODE") or "digest").strip().lower(),
            timezone=env.get("POBRATYM_TIMEZONE", "Europe/Kyiv"),
            blocked_countries=frozenset(c.strip().upper() for c in blocked.split(",") if c.strip()),
            var_dir=var_dir,
            public_url=env.get("POBRATYM_PUBLIC_URL", "http://127.0.0.1:8000"),
            read_statement_timeout=_seconds(env.get("POBRATYM_READ_STATEMENT_TIMEOUT"), 5.0),
        )


def secret_problem(secret: str) -> str | None:
    """Why a signing secret may not be used (None if it may): at least 32 bytes."""
    if len(secret.encode("utf-8")) < MIN_SECRET_BYTES:
        return (
            f"POBRATYM_SECRET_KEY is too short: use at least {MIN_SECRET_BYTES} random bytes "
            "(e.g. python -c 'import secrets; print(secrets.token_urlsafe(48))')"
        )
    return None


def _seconds(text: str | None, default: float) -> float:
    """A positive number of seconds from the environment, else the default."""
    try:
        value = float(text) if text else default
    except ValueError:
        return default
    return value if value > 0 else default


def ensure_dev_secret(var_dir: Path) -> str:
    """Create (once) and return a random development secret under var/."""
    var_dir.mkdir(parents=True, exist_ok=True)
    path = var_dir / DEV_SECRET_FILE
    if not path.is_file():
        path.write_text(secrets.token_urlsafe(48), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()
