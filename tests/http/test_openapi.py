"""The OpenAPI contract: problem+json errors, headers and summaries on every operation, and a
client generated from it (openapi-python-client) that builds without warnings."""

import importlib
import json
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from interfaces.http.reports import DOCX
from tests.conftest import auth

METHODS = ("get", "post", "put", "patch", "delete")


@pytest.fixture
def schema(memory_runtime, client_for):
    r = client_for(memory_runtime).get("/schema/openapi.json")
    assert r.status_code == 200
    return r.json()


def operations(schema):
    for path, item in schema["paths"].items():
        for method, op in item.items():
            if method in METHODS:
                yield path, method, op


def test_every_operation_documents_its_errors_as_one_shared_problem_schema(schema):
    assert set(schema["components"]["schemas"]["Problem"]["required"]) >= {
        "type",
        "title",
        "status",
        "detail",
    }
    for path, method, op in operations(schema):
        errors = {s: r for s, r in op["responses"].items() if s[0] in "45"}
        assert {"400", "503"} <= set(errors), (method, path)
        for status, answer in errors.items():
            [(media, body)] = answer["content"].items()
            assert media == "application/problem+json", (method, path, status)
            assert body["schema"] == {"$ref": "#/components/schemas/Problem"}
        assert "Retry-After" in errors["503"]["headers"]
        if method == "post":
            assert {"409", "422"} <= set(errors), (method, path)
        if "requestBody" in op:
            assert {"413", "415"} <= set(errors), (method, path)


def test_every_operation_has_a_summary_and_a_description(schema):
    missing = [(m, p) for p, m, op in operations(schema) if not op.get("description")]
    assert missing == []
    assert all(op.get("summary") for _, _, op in operations(schema))


def test_commands_document_their_headers(schema):
    sign = schema["paths"]["/agreements/{agreement_id}/sign"]["post"]
    names = {p["name"] for p in sign["parameters"] if p["in"] == "header"}
    assert {"Idempotency-Key", "If-Match"} <= names
    assert "412" in sign["responses"]
    assert "ETag" in sign["responses"]["200"]["headers"]
    created = schema["paths"]["/agreements"]["post"]["responses"]["201"]["headers"]
    assert {"ETag", "Location"} <= set(created)
    assert (
        "ETag"
        in schema["paths"]["/agreements/{agreement_id}"]["get"]["responses"]["200"]["headers"]
    )
    feed = schema["paths"]["/deadlines.ics"]["get"]["responses"]["200"]["content"]
    assert list(feed) == ["text/calendar"]


def test_a_client_generated_from_the_schema_builds_without_warnings_and_types_errors(
    schema, memory_runtime, client_for, tmp_path, monkeypatch
):
    tool = Path(sys.executable).with_name("openapi-python-client")
    if not tool.exists():
        pytest.skip("OPENAPI-PYTHON-CLIENT IS NOT INSTALLED: install requirements-dev.lock")
    source = tmp_path / "openapi.json"
    source.write_text(json.dumps(schema))
    # The generator knows no DOCX media type: a client reads the report document as bytes.
    config = tmp_path / "client.yml"
    config.write_text(f'content_type_overrides:\n  "{DOCX}": application/octet-stream\n')
    env = {**os.environ, "PATH": f"{tool.parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    done = subprocess.run(
        [str(tool), "generate", "--path", str(source), "--meta", "none", "--config", str(config)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert "warning" not in output.lower(), output
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        generated = importlib.import_module("pobratym_client")
        sign = importlib.import_module(
            "pobratym_client.api.agreements.agreements_agreement_id_sign_sign"
        )
        problem = importlib.import_module("pobratym_client.models.problem").Problem
        api = generated.Client(base_url="http://testserver.local")
        http = client_for(memory_runtime)  # the generated client runs over the app in-process
        http.headers.update(auth("admin"))
        api.set_httpx_client(http)
        body_model = importlib.import_module("pobratym_client.models.sign_agreement").SignAgreement
        answer = sign.sync(
            agreement_id=uuid.uuid4(),
            client=api,
            body=body_model.from_dict({"signed_on": "2026-11-20", "expires_on": "2027-11-20"}),
        )
        assert isinstance(answer, problem) and answer.status == 404
    finally:
        for name in [m for m in sys.modules if m.startswith("pobratym_client")]:
            del sys.modules[name]
        shutil.rmtree(tmp_path / "pobratym_client", ignore_errors=True)
