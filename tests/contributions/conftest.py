import re

import pytest


def form_token(html: str, prefix: str = "") -> str:
    name = f"{prefix}-form_token" if prefix else "form_token"
    return re.search(rf'name="{name}" value="([^"]+)"', html).group(1)


@pytest.fixture
def ideas_url(open_ideas):
    process = open_ideas.phase.process
    return f"/en/participate/{process.slug}/{open_ideas.slug}/ideas/"
