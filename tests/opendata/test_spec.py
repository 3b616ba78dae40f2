"""What every published table's columns say is pinned: the headers, the data dictionary, the
datapackage schema and the SQL of each column are compared with a recorded copy, so a change to
how columns are declared cannot change a byte of what is published.

After an intended change to a column, record the copy again:
    COPLAN_RECORD_SPEC=1 .venv/bin/python -m pytest tests/opendata/test_spec.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from coplan.opendata.columns import RESOURCES_BY_KIND
from coplan.opendata.spec import Resource, dictionary, in_both
from coplan.opendata.writers import table_schema

RECORDED = Path(__file__).parent / "data" / "specification.json"


def described(resource: Resource, process) -> dict:
    entries = dictionary(resource, process)
    return {
        "name": resource.name,
        "title": in_both(resource.title),
        "description": in_both(resource.description),
        "headers": resource.headers,
        "columns": [
            {
                "key": column.key,
                "free_text": column.free_text,
                "multiple": column.multiple,
                "reads": sorted(column.reads),
                "python": column.python is not None,
                "sql": column.sql,
            }
            for column in resource.columns
        ],
        "dictionary": entries,
        "schema": table_schema(resource, entries),
    }


@pytest.mark.django_db
def test_every_table_is_specified_as_recorded(process):
    specification = {
        kind: [described(resource, process) for resource in resources]
        for kind, resources in RESOURCES_BY_KIND.items()
    }
    text = json.dumps(specification, ensure_ascii=False, indent=1) + "\n"
    if os.environ.get("COPLAN_RECORD_SPEC"):
        RECORDED.write_text(text, encoding="utf-8")
    assert text == RECORDED.read_text(encoding="utf-8")
