"""The demo's directory, consuls and memberships: loaded through the real commands, all flagged
illustrative, persons sealed (SQLite and PostgreSQL)."""

from interfaces.demo import directory
from tests.contacts.helpers import AUDITOR, get


def test_the_demo_directory_is_illustrative_and_sealed(runtime, client):
    lines = list(directory.load(runtime))
    assert lines == [
        "counterparts: 4 organisations, 2 contact persons, 3 honorary consuls, "
        "2 memberships (all illustrative)"
    ]
    runtime.extras["projections"].catch_up()
    orgs = get(client, "/counterparts", AUDITOR)["items"]
    assert {o["reference"][:8] for o in orgs} == {"CPT-2023"}
    assert all(o["illustrative"] for o in orgs)
    consuls = get(client, "/consuls")["items"]
    assert all(c["illustrative"] and c["person_state"] == "clear" for c in consuls)
    assert {c["represents"] for c in get(client, "/consuls?of_ukraine=false")["items"]} == {
        "LT",
        "AT",
    }
    assert all(c["person"] is None for c in get(client, "/consuls", AUDITOR)["items"])
    assert all(m["illustrative"] for m in get(client, "/memberships", AUDITOR)["items"])
    assert [c["person"]["email"] for c in get(client, "/contacts")["items"]] == [
        "contact.b@example.org",
        "contact.a@example.org",
    ]
    for c in get(client, "/contacts", AUDITOR)["items"]:
        note = get(client, f"/contacts/{c['id']}/history", AUDITOR)["items"][0]["note"]
        assert note.startswith("illustrative:")
