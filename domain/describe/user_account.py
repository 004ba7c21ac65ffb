"""One-line descriptions of a staff account's events (never its e-mail or full name)."""

from domain.describe import Facts, Line, because, day, describes, label

ROLE_UK = {
    "clerk": "діловод",
    "manager": "керівник",
    "auditor": "аудитор",
    "admin": "адміністратор",
}


def _roles(roles: object, uk: bool) -> str:
    names = [str(r) for r in roles] if isinstance(roles, list | tuple) else [str(roles)]
    return ", ".join(label(ROLE_UK, r) if uk else r for r in names)


@describes("UserAccount.Created")
def created(f: Facts) -> Line:
    """'Account olena opened with roles clerk, manager'."""
    login = f["login"]
    return Line(
        f"Account {login} opened with roles {_roles(f['roles'], False)}",
        f"Створено обліковий запис {login}, ролі: {_roles(f['roles'], True)}",
    )


@describes("UserAccount.RoleGranted")
def role_granted(f: Facts) -> Line:
    """'Role manager granted: promoted'."""
    role = f["role"]
    return Line(
        f"Role {role} granted" + because(f.get("reason")),
        f"Надано роль «{label(ROLE_UK, role)}»" + because(f.get("reason")),
    )


@describes("UserAccount.RoleRevoked")
def role_revoked(f: Facts) -> Line:
    """'Role manager revoked: moved to another department'."""
    role = f["role"]
    return Line(
        f"Role {role} revoked" + because(f.get("reason")),
        f"Позбавлено ролі «{label(ROLE_UK, role)}»" + because(f.get("reason")),
    )


@describes("UserAccount.Disabled")
def disabled(f: Facts) -> Line:
    """'Account disabled: left the council'."""
    why = because(f.get("reason"))
    return Line(f"Account disabled{why}", f"Обліковий запис вимкнено{why}")


@describes("UserAccount.Enabled")
def enabled(f: Facts) -> Line:
    """'Account enabled again: returned from leave'."""
    why = because(f.get("reason"))
    return Line(f"Account enabled again{why}", f"Обліковий запис знову ввімкнено{why}")


@describes("UserAccount.PasswordSet")
def password_set(f: Facts) -> Line:
    """'Password set (to be changed at the next sign-in)'."""
    if f.get("must_change"):
        return Line(
            "Password reset (to be changed at the next sign-in)",
            "Пароль скинуто (змінити під час наступного входу)",
        )
    return Line("Password set", "Пароль встановлено")


@describes("UserAccount.LockedOut")
def locked_out(f: Facts) -> Line:
    """'Locked out after 5 failed sign-ins, until 01.12.2026'."""
    failures, until = f["failures"], day(f["until"])
    return Line(
        f"Locked out after {failures} failed sign-ins, until {until}",
        f"Вхід заблоковано після {failures} невдалих спроб, до {until}",
    )


@describes("UserAccount.ProviderLinked")
def provider_linked(f: Facts) -> Line:
    """'Linked to the identity provider for single sign-on' (never the provider's user id)."""
    del f
    return Line(
        "Linked to the identity provider for single sign-on",
        "Пов'язано з постачальником ідентичності для єдиного входу",
    )
