"""Static files storage: whitenoise's rules, less the ones that follow source maps, which vendored
packages do not always ship (collectstatic itself: tests/core/test_project.py)."""

from __future__ import annotations

from whitenoise.storage import CompressedManifestStaticFilesStorage

from coplan.core.storage import StaticStorage


def rules(patterns) -> list[str]:
    return [
        rule if isinstance(rule, str) else rule[0] for _ext, found in patterns for rule in found
    ]


def test_no_rule_follows_a_source_map():
    assert not any("sourceMappingURL" in rule for rule in rules(StaticStorage.patterns))
    assert any(
        "sourceMappingURL" in rule for rule in rules(CompressedManifestStaticFilesStorage.patterns)
    )


def test_every_other_rule_is_kept_such_as_css_urls_and_imports():
    kept = rules(StaticStorage.patterns)
    original = rules(CompressedManifestStaticFilesStorage.patterns)
    assert kept == [rule for rule in original if "sourceMappingURL" not in rule]
    assert any("@import" in rule for rule in kept)
    # Scripts had no rule but their source map's: they are left as they are.
    assert [ext for ext, _found in StaticStorage.patterns] == ["*.css"]
