"""The committed OpenAPI document must match the API; `make openapi` refreshes it."""

from __future__ import annotations

import json
from pathlib import Path

from django.test import Client

from kinship.api.api import api

SNAPSHOT = Path(__file__).resolve().parent.parent / "openapi.json"


def _current_schema() -> dict[str, object]:
    schema: dict[str, object] = json.loads(
        json.dumps(api.get_openapi_schema(path_prefix="/api/v1/"), sort_keys=True)
    )
    return schema


def test_openapi_snapshot_matches_the_api():
    assert SNAPSHOT.exists(), "No OpenAPI snapshot: run `make openapi` and commit it"
    committed = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    assert committed == _current_schema(), (
        "The API changed but src/kinship/api/openapi.json did not: "
        "run `make openapi`, review the diff, and commit it"
    )


def test_openapi_document_is_served_without_sign_in(db):
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "Kinship API"


def test_api_docs_page_loads_assets_locally(db):
    response = Client().get("/api/v1/docs")
    assert response.status_code == 200
    page = response.content.decode()
    assert "cdn." not in page
    assert "/static/ninja/" in page
