"""The public site suites share the published world of tests/support/public_world.py."""

from tests.support.public_world import published  # noqa: F401  (a fixture)
