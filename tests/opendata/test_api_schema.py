"""The OpenAPI schema's texts and its French translation (opendata.api_schema)."""

from __future__ import annotations


def test_every_schema_text_has_its_french_version(db, client):
    """The schema's summaries and descriptions are all listed for the catalog (a new operation
    or field fails here until its text is), and the French schema has every one translated,
    with the same operations, parameters and types."""
    import json

    from coplan.opendata.api import api
    from coplan.opendata.api_schema import SCHEMA_TEXTS, schema_texts

    english = json.loads(json.dumps(api.get_openapi_schema()))
    assert schema_texts(english) <= set(SCHEMA_TEXTS)
    response = client.get("/api/openapi.fr.json")
    assert response.status_code == 200 and response["ETag"]
    french = json.loads(response.content)
    texts = schema_texts(french)
    assert not (texts & (set(SCHEMA_TEXTS) - {"OK", "contributions"}))
    assert "jeux de données" in texts
    assert "Lister les contributions" in texts
    assert "Les mots de l’auteur, renseignements personnels masqués." in texts

    def shape(node):
        if isinstance(node, dict):
            skipped = ("summary", "description", "tags")
            return {k: shape(v) for k, v in node.items() if k not in skipped}
        if isinstance(node, list):
            return [shape(v) for v in node]
        return node

    assert shape(french) == shape(english)
    assert client.post("/api/openapi.fr.json").status_code == 405
