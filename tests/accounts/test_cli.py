"""`pobratym users ...` and `pobratym token issue` on accounts, on SQLite and PostgreSQL."""

import re

from click.testing import CliRunner

from infrastructure.bootstrap import build
from infrastructure.settings import Settings
from infrastructure.tokens import verify_token
from interfaces.cli import main
from tests.conftest import SECRET


def env_for(store_urls: tuple[str, str], tmp_path) -> dict[str, str]:
    """The environment of a `pobratym` command on the test store."""
    return {
        "POBRATYM_DATABASE_URL": store_urls[0],
        "POBRATYM_READ_DATABASE_URL": store_urls[1],
        "POBRATYM_SECRET_KEY": SECRET,
        "POBRATYM_VAR_DIR": str(tmp_path),
    }


def run(env: dict[str, str], *args: str) -> str:
    """Run a command that must succeed; its output."""
    result = CliRunner().invoke(main, list(args), env=env)
    assert result.exit_code == 0, result.output
    return result.output


def test_bootstrap_makes_the_first_administrator_once(store_urls, tmp_path) -> None:
    env = env_for(store_urls, tmp_path)
    run(env, "db", "upgrade")
    first = run(env, "users", "bootstrap", "--login", "root")
    assert re.search(r"One-time password .*: \S{12,}", first)
    again = run(env, "users", "bootstrap", "--login", "root2")
    assert "nothing done" in again
    runtime = build(Settings.from_env(env))
    try:
        account = runtime.accounts.find("root")
        assert account is not None and account.roles == ["admin"]
        assert account.must_change_password and runtime.accounts.find("root2") is None
    finally:
        runtime.close()


def test_users_commands_record_the_shell_user_and_the_reason(store_urls, tmp_path) -> None:
    env = env_for(store_urls, tmp_path)
    run(env, "db", "upgrade")
    run(
        env, "users", "add", "olena", "--name", "Olena K", "--email", "o@city.kharkiv.ua",
        "--role", "clerk", "--reason", "hired",
    )  # fmt: skip
    run(env, "users", "grant", "olena", "--role", "manager", "--reason", "order 5")
    run(env, "users", "revoke", "olena", "--role", "clerk", "--reason", "promoted")
    run(env, "users", "disable", "olena", "--reason", "left")
    run(env, "users", "enable", "olena", "--reason", "back")
    assert "One-time password" in run(env, "users", "reset-password", "olena")
    missing_reason = CliRunner().invoke(main, ["users", "disable", "olena"], env=env)
    assert missing_reason.exit_code != 0
    runtime = build(Settings.from_env(env))
    try:
        account = runtime.accounts.find("olena")
        assert account is not None and account.roles == ["manager"] and account.enabled
        events = list(runtime.app.events.get(account.id))
        assert all(e.meta.actor.startswith("cli:") for e in events)
        assert [getattr(e, "reason", None) for e in events[2:6]] == [
            "order 5", "promoted", "left", "back",
        ]  # fmt: skip
    finally:
        runtime.close()


def test_token_issue_needs_an_enabled_account_holding_the_role(store_urls, tmp_path) -> None:
    env = env_for(store_urls, tmp_path)
    run(env, "db", "upgrade")
    nobody = CliRunner().invoke(main, ["token", "issue", "--user", "x", "--role", "admin"], env=env)
    assert nobody.exit_code != 0 and "no account" in nobody.output
    run(
        env, "users", "add", "olena", "--name", "O", "--email", "o@city.kharkiv.ua",
        "--role", "clerk", "--reason", "hired",
    )  # fmt: skip
    other_role = CliRunner().invoke(
        main, ["token", "issue", "--user", "olena", "--role", "admin"], env=env
    )
    assert other_role.exit_code != 0 and "admin" in other_role.output
    token = run(env, "token", "issue", "--user", "olena", "--role", "clerk").strip()
    assert verify_token(SECRET, token).subject == "olena"
    run(env, "users", "disable", "olena", "--reason", "left")
    disabled = CliRunner().invoke(
        main, ["token", "issue", "--user", "olena", "--role", "clerk"], env=env
    )
    assert disabled.exit_code != 0 and "disabled" in disabled.output
