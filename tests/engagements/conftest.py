"""Fixtures of the engagement and project tests."""

from tests.engagements.helpers import running

__all__ = ["running"]
