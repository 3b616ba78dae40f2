"""Helpers shared by this app's test modules (a test module never imports another)."""

from __future__ import annotations

from tests.security.helpers import enrolled, verified_session


def assert_staff_page_by_role(client, url: str, *, participant, wrong_role, right_role) -> None:
    """Anonymous → sign-in; participant → sign-in; staff without a second factor → the
    second-factor step; wrong role → 403; right role → 200, never cached."""
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/en/admin/login/?next=")

    client.force_login(participant)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/en/admin/login/?next=")

    # Staff with no authenticator yet: sent to set one up; with one, to the code step.
    client.force_login(right_role)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/en/account/two-step/set-up/?next=")
    device, _codes = enrolled(right_role)
    # The code that confirmed the device cannot be used twice: move past its time step.
    device.last_t = -1
    device.save(update_fields=["last_t"])
    client.logout()
    client.force_login(right_role)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/en/account/two-step/?next=")

    client.logout()
    verified_session(client, wrong_role)
    assert client.get(url).status_code == 403

    client.logout()
    verified_session(client, right_role)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
