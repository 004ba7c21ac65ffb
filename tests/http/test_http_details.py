"""HTTP details: 415 for a non-JSON body, Allow on 405, the limit named by 413, no query echo."""

import pytest

from interfaces.http.app import MAX_BODY_BYTES
from tests.conftest import auth
from tests.http.test_status_table import assert_problem

ADMIN = auth("admin")
PARTNER = b'{"name": "Brno", "country": "CZ", "kind": "city"}'


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", ""])
def test_a_body_not_declared_json_is_refused_with_415_and_nothing_stored(client, content_type):
    headers = {**ADMIN, "content-type": content_type} if content_type else ADMIN
    r = client.post("/partners", content=PARTNER, headers=headers)
    assert_problem(r, 415)
    assert client.get("/partners", headers=ADMIN).json()["items"] == []


def test_a_json_body_with_a_charset_is_accepted(client):
    headers = {**ADMIN, "content-type": "application/json; charset=utf-8"}
    assert client.post("/partners", content=PARTNER, headers=headers).status_code == 201


def test_a_wrong_method_is_405_with_an_allow_header(client):
    r = client.delete("/partners", headers=ADMIN)
    assert_problem(r, 405)
    allowed = {m.strip() for m in r.headers["allow"].split(",")}
    assert {"GET", "POST"} <= allowed


def test_a_body_over_the_limit_names_the_limit_in_its_detail(client):
    big = b'{"name": "' + b"x" * MAX_BODY_BYTES + b'"}'
    headers = {**ADMIN, "content-type": "application/json"}
    body = assert_problem(client.post("/partners", content=big, headers=headers), 413)
    assert str(MAX_BODY_BYTES) in body["detail"]


def test_an_error_detail_never_echoes_the_query_string(client):
    r = client.get("/partners?limit=not-a-number&secret=olena%40example.org", headers=ADMIN)
    body = assert_problem(r, 400)
    assert "olena" not in r.text and "secret" not in body["detail"]
