"""Settings from the environment and .env files, validated at start (docs/operations.md).

Every setting is `POBRATYM_<NAME>`; the process environment wins over `$POBRATYM_HOME/.env`,
which wins over `./.env` (both parsed by python-dotenv: `export X=...` lines and `# comments`
work). `POBRATYM_HOME` (default `./var`, made absolute once at start) holds the development
secret and the default SQLite files, so a command run from any directory finds the same data.
A bad value is refused with one line naming the variable and what it may be (ConfigurationError).
"""

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pycountry
from dotenv import dotenv_values
from pydantic import Field, ValidationError, ValidationInfo, field_validator, model_validator
from pydantic_settings import (
    BaseSettings,
    DotEnvSettingsSource,
    EnvSettingsSource,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)
from pydantic_settings.sources.utils import parse_env_vars

PREFIX = "POBRATYM_"
DEV_SECRET_FILE = "secret_key"
DEFAULT_HOME = "var"
DEFAULT_DATABASE_FILE = "pobratym.sqlite3"
DEFAULT_DATABASE_URL = f"sqlite:///{DEFAULT_HOME}/{DEFAULT_DATABASE_FILE}"
MIN_SECRET_BYTES = 32
ISSUER = "pobratym"
AUDIENCE = "pobratym-api"
EMAIL_MODES = ("digest", "each")
SMTP_SCHEMES = ("smtp", "smtps", "smtp+insecure")
POSTGRES_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")
OIDC_ROLES = ("clerk", "manager", "auditor", "admin")
GENERATE_SECRET = "python -c 'import secrets; print(secrets.token_urlsafe(48))'"


class ConfigurationError(ValueError):
    """Settings that cannot be used: one line per bad variable, naming it and what is allowed."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


class ConfigurationExit(SystemExit):
    """Leave the process with status 2 after a configuration problem (no traceback)."""

    def __init__(self, message: str) -> None:
        super().__init__(2)
        self.message = message

    def __str__(self) -> str:
        return self.message


def env_name(field: str) -> str:
    """The environment variable of a settings field (`timezone` -> POBRATYM_TIMEZONE)."""
    return "POBRATYM_HOME" if field == "var_dir" else PREFIX + field.upper()


class Settings(BaseSettings):
    """Everything the service reads from its environment (validated; immutable)."""

    model_config = SettingsConfigDict(
        env_prefix=PREFIX,
        case_sensitive=False,
        env_ignore_empty=True,
        extra="ignore",
        frozen=True,
    )

    var_dir: Path = Path(DEFAULT_HOME)  # POBRATYM_HOME (older name: POBRATYM_VAR_DIR)
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
    blocked_countries: Annotated[frozenset[str], NoDecode] = frozenset({"RU"})
    public_url: str = "http://127.0.0.1:8000"
    # Session cookies are `Secure` when this is true, or (unset) when the request came by HTTPS.
    cookie_secure: bool | None = None
    read_wait_seconds: float = 5.0
    read_statement_timeout: float = 5.0
    read_timeout: float = 10.0  # read by interfaces/http/server.py; validated here
    # GET /health/ready fails (503) when a projection lags by more events or seconds than this.
    ready_max_lag_events: int = Field(default=1000, ge=0)
    ready_max_lag_seconds: float = Field(default=300.0, ge=0)
    # GET /metrics: with a token, only `Authorization: Bearer <token>`; without, loopback only.
    metrics_token: str | None = None
    log_format: Literal["text", "json"] = "text"  # POBRATYM_LOG_FORMAT=json: one JSON per line
    # Optional single sign-on by OpenID Connect (docs/operations.md): off unless enabled.
    oidc_enabled: bool = False
    oidc_issuer: str | None = None  # the provider's issuer URL (discovery at /.well-known/...)
    oidc_client_id: str | None = None
    oidc_client_secret: str | None = None  # none: a public client (PKCE protects the code)
    oidc_redirect_uri: str | None = None  # default: {public_url}/auth/sso/callback
    oidc_scopes: str = "openid profile email"
    oidc_groups_claim: str = "groups"
    oidc_login_claim: str = "preferred_username"
    # Which provider group gives which role: "council-clerks=clerk,council-admins=admin".
    oidc_group_roles: Annotated[tuple[tuple[str, str], ...], NoDecode] = ()
    oidc_timeout_seconds: float = Field(default=10.0, gt=0, le=60)
    # Documents (issue 18): where the embedded store keeps files (default: beside the SQLite
    # file), and the largest file an upload may carry (413 names it).
    files_dir: Path | None = None
    max_upload_bytes: int = Field(default=25 * 1024 * 1024, ge=1, le=1024 * 1024 * 1024)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """Only the values given: `from_env` is the one place that reads the environment."""
        return (init_settings,)

    @property
    def home(self) -> Path:
        """POBRATYM_HOME: the development secret and the default SQLite files live here."""
        return self.var_dir

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

    @model_validator(mode="before")
    @classmethod
    def _database_in_home(cls, data: Any) -> Any:
        """Without POBRATYM_DATABASE_URL, the SQLite store lives in the home directory."""
        if isinstance(data, dict) and not data.get("database_url") and data.get("var_dir"):
            home = Path(str(data["var_dir"])).expanduser().absolute()
            data = {**data, "database_url": f"sqlite:///{home / DEFAULT_DATABASE_FILE}"}
        return data

    @field_validator("var_dir")
    @classmethod
    def _absolute_home(cls, value: Path) -> Path:
        return value.expanduser().absolute()

    @field_validator("database_url", "read_database_url")
    @classmethod
    def _database(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None or value == "memory":
            return value
        scheme = value.split("://", 1)[0] if "://" in value else ""
        if scheme == "sqlite":
            path = value.removeprefix("sqlite:///")
            if value.startswith("sqlite:///") and path and path != ":memory:":
                return f"sqlite:///{Path(path).expanduser().absolute()}"
            if value == "sqlite://" and info.field_name == "read_database_url":
                return value  # an in-memory read model beside an in-memory event store
            raise ValueError("a SQLite URL names a file: sqlite:////srv/pobratym/pobratym.sqlite3")
        if scheme in POSTGRES_SCHEMES and urlsplit(value).hostname is not None:
            return value
        raise ValueError(
            "must be postgresql://user:password@host:5432/dbname, sqlite:///path/to/file or memory"
        )

    @field_validator("secret_key")
    @classmethod
    def _secret(cls, value: str) -> str:
        if value and (problem := secret_problem(value)):
            raise ValueError(problem.removeprefix("POBRATYM_SECRET_KEY is "))
        return value

    @field_validator("smtp_url")
    @classmethod
    def _smtp(cls, value: str | None) -> str | None:
        if value is None:
            return None
        parts = urlsplit(value)
        if parts.scheme not in SMTP_SCHEMES or not parts.hostname:
            raise ValueError(
                "must look like smtp://user:password@host:587 (STARTTLS), smtps://...:465 (TLS) "
                "or smtp+insecure://host:25"
            )
        try:
            parts.port  # noqa: B018 - raises on a port that is not a number
        except ValueError:
            raise ValueError("the port must be a number, e.g. smtp://host:587") from None
        if parts.scheme == "smtp+insecure" and parts.password:
            raise ValueError("smtp+insecure:// would send the password in clear: use smtp://")
        return value

    @field_validator("webhook_url", "public_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("must be an http:// or https:// URL with a host")
        return value

    @field_validator("smtp_from", "department_email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        if value is None:
            return None
        local, _, domain = value.partition("@")
        if not local or not domain or " " in value:
            raise ValueError("must be an e-mail address such as international@city.kharkiv.ua")
        return value

    @field_validator("staff_email_domain")
    @classmethod
    def _domain(cls, value: str | None) -> str | None:
        if value is not None and ("@" in value or "." not in value.strip(".")):
            raise ValueError("must be a mail domain such as city.kharkiv.ua")
        return value

    @field_validator("email_mode", mode="before")
    @classmethod
    def _email_mode(cls, value: Any) -> Any:
        mode = str(value).strip().lower()
        if mode not in EMAIL_MODES:
            raise ValueError(f"{str(value)!r} is not allowed: use digest or each")
        return mode

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{value!r} is not an IANA time zone: use e.g. Europe/Kyiv") from None
        return value

    @field_validator("blocked_countries", mode="before")
    @classmethod
    def _countries(cls, value: Any) -> Any:
        codes = value.split(",") if isinstance(value, str) else list(value)
        out = frozenset(str(c).strip().upper() for c in codes if str(c).strip())
        unknown = sorted(c for c in out if pycountry.countries.get(alpha_2=c) is None)
        if unknown:
            raise ValueError(
                f"{', '.join(unknown)} is not an ISO 3166-1 alpha-2 country code: "
                "use comma-separated codes such as RU,BY"
            )
        return out

    @field_validator("oidc_group_roles", mode="before")
    @classmethod
    def _group_roles(cls, value: Any) -> Any:
        if isinstance(value, str):
            pairs = [p.rpartition("=") for p in value.split(",") if p.strip()]
            items = [(g.strip(), r.strip()) if sep else ("", "") for g, sep, r in pairs]
        else:
            items = [(str(g).strip(), str(r).strip()) for g, r in value]
        if any(not group or role not in OIDC_ROLES for group, role in items):
            raise ValueError(
                "must be group=role pairs separated by commas, each role one of "
                f"{', '.join(OIDC_ROLES)} (e.g. council-clerks=clerk,council-admins=admin)"
            )
        return tuple(items)

    @model_validator(mode="after")
    def _oidc_complete(self) -> "Settings":
        if not self.oidc_enabled:
            return self
        if not self.oidc_issuer or urlsplit(self.oidc_issuer).scheme not in ("http", "https"):
            raise ValueError("POBRATYM_OIDC_ISSUER (an https:// URL) is needed for single sign-on")
        if not self.oidc_client_id:
            raise ValueError("POBRATYM_OIDC_CLIENT_ID is needed for single sign-on")
        if not self.oidc_group_roles:
            raise ValueError("POBRATYM_OIDC_GROUP_ROLES is needed: without it nobody gets a role")
        return self

    @field_validator("read_wait_seconds", "read_statement_timeout", "read_timeout", mode="before")
    @classmethod
    def _seconds(cls, value: Any) -> Any:
        try:
            seconds = float(value)
        except (TypeError, ValueError):
            raise ValueError("must be a positive number of seconds, e.g. 5") from None
        if not seconds > 0 or seconds == float("inf"):
            raise ValueError("must be a positive number of seconds, e.g. 5")
        return seconds

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> "Settings":
        """Read and validate settings: the environment, then $POBRATYM_HOME/.env, then ./.env."""
        env = dict(os.environ if environ is None else environ)
        local = Path(".env").absolute()
        local_values = dotenv_values(local) if local.is_file() else {}
        home_text = (
            env.get("POBRATYM_HOME")
            or local_values.get("POBRATYM_HOME")
            or env.get("POBRATYM_VAR_DIR")
            or local_values.get("POBRATYM_VAR_DIR")
            or DEFAULT_HOME
        )
        home = Path(home_text).expanduser().absolute()
        files = [f for f in (local, home / ".env") if f.is_file()]
        values: dict[str, Any] = {}
        for source in (
            DotEnvSettingsSource(cls, env_file=files or None),  # later files win
            _MappingSource(cls, env),
        ):
            values.update(source())
        fields = set(cls.model_fields) - {"secret_is_generated"}
        values = {k: v for k, v in values.items() if k in fields}
        values["var_dir"] = home
        secret_file = home / DEV_SECRET_FILE
        if not values.get("secret_key") and secret_file.is_file():
            values["secret_key"] = secret_file.read_text(encoding="utf-8").strip()
            values["secret_is_generated"] = True
        try:
            return cls(**values)
        except ValidationError as e:
            raise ConfigurationError(problems(e)) from None


class _MappingSource(EnvSettingsSource):
    """The environment source over a given mapping (the process environment, or a test's)."""

    def __init__(self, settings_cls: type[BaseSettings], environ: Mapping[str, str]) -> None:
        self._environ = environ
        super().__init__(settings_cls)

    def _load_env_vars(self) -> Mapping[str, str | None]:
        return parse_env_vars(
            self._environ, self.case_sensitive, self.env_ignore_empty, self.env_parse_none_str
        )


def problems(error: ValidationError) -> list[str]:
    """One line per bad setting: the variable and what it may be (never the value of a secret)."""
    lines: list[str] = []
    for item in error.errors(include_input=False, include_url=False):
        field = str(item["loc"][0]) if item["loc"] else "settings"
        ctx = item.get("ctx") or {}
        reason = str(ctx["error"]) if "error" in ctx else item["msg"]
        lines.append(f"{env_name(field)}: {reason}")
    return lines


def secret_problem(secret: str) -> str | None:
    """Why a signing secret may not be used (None if it may): at least 32 bytes."""
    if len(secret.encode("utf-8")) < MIN_SECRET_BYTES:
        return (
            f"POBRATYM_SECRET_KEY is too short: use at least {MIN_SECRET_BYTES} random bytes "
            f"(e.g. {GENERATE_SECRET})"
        )
    return None


def ensure_dev_secret(var_dir: Path) -> str:
    """Create (once) and return a random development secret in the home directory."""
    var_dir.mkdir(parents=True, exist_ok=True)
    path = var_dir / DEV_SECRET_FILE
    if not path.is_file():
        path.write_text(secrets.token_urlsafe(48), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()
