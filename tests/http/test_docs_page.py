"""The API reference page works on a council network without internet: every asset is ours."""

import re

from interfaces.http.openapi import SCALAR_VERSION


def test_the_docs_page_loads_only_assets_the_app_serves_itself(memory_runtime, client_for):
    client = client_for(memory_runtime)
    page = client.get("/schema")
    assert page.status_code == 200
    urls = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert urls, "the page names its script and style"
    assert [u for u in urls if u.startswith(("http:", "https:", "//"))] == []
    script = client.get(f"/assets/scalar-api-reference-{SCALAR_VERSION}.js")
    assert script.status_code == 200
    assert len(script.content) > 1_000_000  # the pinned bundle itself, not a placeholder
    assert client.get("/assets/scalar.css").status_code == 200
    assert client.get("/assets/../app.py").status_code in (400, 401, 404)
