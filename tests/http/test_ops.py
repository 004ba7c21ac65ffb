"""Operations: /health/live, /health/ready (and /health), and Prometheus metrics at /metrics."""

from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import create_engine

from application.commands.partners import RegisterPartner
from application.service import Caller
from tests.conftest import auth, replace_settings

ADMIN = auth("admin")
METRICS_TOKEN = "scrape-me-" + "x" * 20


def families(text: str) -> dict[str, list]:
    return {f.name: f.samples for f in text_string_to_metric_families(text)}


def test_ready_and_live_answer_200_when_all_is_well(client):
    assert client.get("/health/live").json() == {"status": "live"}
    ready = client.get("/health/ready")
    assert ready.status_code == 200 and ready.json()["reasons"] == []
    assert client.get("/health").status_code == 200


def test_ready_fails_while_the_projection_worker_is_stopped_and_live_stays_200(client, runtime):
    runtime.extras["projections"].close()
    if runtime.settings.is_postgres:
        # The workers are other processes there: a dead one shows as lag past the threshold.
        runtime.settings = replace_settings(runtime.settings, ready_max_lag_events=1)
    runtime.partners.register_partner(
        RegisterPartner(name="Lag", country="PL", kind="city"), Caller("olena")
    )
    runtime.partners.register_partner(
        RegisterPartner(name="Lag 2", country="PL", kind="city"), Caller("olena")
    )
    expected = "lags 4 events (max 1)" if runtime.settings.is_postgres else "worker is stopped"
    for path in ("/health/ready", "/health"):
        r = client.get(path)
        assert r.status_code == 503, r.text
        assert any(expected in reason for reason in r.json()["reasons"]), r.text
        assert r.headers["retry-after"]
    assert client.get("/health/live").status_code == 200


def test_ready_fails_when_a_projection_lags_beyond_the_threshold(client, runtime):
    runtime.settings = replace_settings(runtime.settings, ready_max_lag_events=0)
    runtime.extras["projections"].close()
    runtime.partners.register_partner(
        RegisterPartner(name="Lag", country="PL", kind="city"), Caller("olena")
    )
    r = client.get("/health/ready")
    assert r.status_code == 503, r.text
    assert any("lags 2 events (max 0)" in reason for reason in r.json()["reasons"]), r.text


def test_ready_fails_when_the_database_is_unreachable(client, runtime):
    gone = create_engine(
        "postgresql+psycopg://postgres@127.0.0.1:1/nowhere", connect_args={"connect_timeout": 2}
    )
    runtime.read_engine = gone
    try:
        r = client.get("/health/ready")
        assert r.status_code == 503
        assert "the read-model database cannot be reached" in r.json()["reasons"]
        assert client.get("/health/live").status_code == 200
    finally:
        gone.dispose()


def test_metrics_need_the_token_when_one_is_set(client, runtime):
    runtime.settings = replace_settings(runtime.settings, metrics_token=METRICS_TOKEN)
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert client.get("/metrics", headers=ADMIN).status_code == 401


def test_metrics_without_a_token_are_refused_to_a_client_off_loopback(client):
    assert client.get("/metrics").status_code == 401  # the test client is "testclient"


def test_metrics_are_scraped_by_route_template_with_state_gauges(client, runtime):
    runtime.settings = replace_settings(runtime.settings, metrics_token=METRICS_TOKEN)
    made = client.post(
        "/partners", json={"name": "Brno", "country": "CZ", "kind": "city"}, headers=ADMIN
    )
    assert made.status_code == 201, made.text
    client.get(f"/partners/{made.json()['id']}", headers=ADMIN)
    client.post("/partners", json={"name": ""}, headers=ADMIN)  # 400
    r = client.get("/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].count("charset") == 1
    found = families(r.text)
    latency = found["pobratym_http_request_duration_seconds"]
    routes = {s.labels["route"] for s in latency if s.name.endswith("_count")}
    assert "/partners/{partner_id}" in routes and "/partners" in routes
    assert not any(made.json()["id"] in route for route in routes)
    commands = {
        (s.labels["command"], s.labels["outcome"]): s.value
        for s in found["pobratym_commands"]
        if s.name == "pobratym_commands_total"
    }
    assert commands[("/partners", "2xx")] == 1 and commands[("/partners", "4xx")] == 1
    positions = {s.labels["projection"]: s.value for s in found["pobratym_projection_position"]}
    assert "partners" in positions
    assert {"pobratym_projection_lag_events", "pobratym_projection_lag_seconds"} <= set(found)
    assert "pobratym_outbox_deliveries" in found and "pobratym_outbox_failed" in found
    assert found["pobratym_event_store_position"][0].value >= 1
    assert "pobratym_audit_chain_head_position" in found


def test_json_logs_carry_the_request_id():
    import json
    import logging

    from interfaces.http.context import CURRENT_REQUEST_ID, JsonFormatter, RequestIdFilter

    record = logging.LogRecord("pobratym.http", logging.INFO, __file__, 1, "saved %s", (3,), None)
    token = CURRENT_REQUEST_ID.set("req-42")
    try:
        RequestIdFilter().filter(record)
    finally:
        CURRENT_REQUEST_ID.reset(token)
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == "req-42" and line["message"] == "saved 3"
    assert line["level"] == "INFO" and line["logger"] == "pobratym.http"
