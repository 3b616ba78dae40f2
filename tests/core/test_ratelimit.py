from django.test import RequestFactory, override_settings

from coplan.core.ratelimit import Rate, client_fingerprint, hit, is_allowed


def test_rate_parse():
    assert Rate.parse("20/60") == Rate(20, 60)


def test_hits_over_the_rate_are_refused():
    rate = Rate(3, 60)
    assert [hit("t", "client", rate) for _ in range(5)] == [True, True, True, False, False]


def test_fingerprint_hides_the_address():
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.9")
    fingerprint = client_fingerprint(request)
    assert "203.0.113.9" not in fingerprint and len(fingerprint) == 32


@override_settings(COPLAN_RATE_LIMITS={"public_write": "2/60", "public_write_account": "1/60"})
def test_signed_in_user_is_limited_per_account(user):
    factory = RequestFactory()
    first = factory.post("/", REMOTE_ADDR="198.51.100.1")
    first.user = user
    second = factory.post("/", REMOTE_ADDR="198.51.100.2")
    second.user = user
    assert is_allowed(first)
    # Another address, same account: the account limit (1/60) applies.
    assert not is_allowed(second)
