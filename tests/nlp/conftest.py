"""Shared fixtures of the NLP tests."""

from tests.discontent_model_fixtures import (  # noqa: F401 (fixtures)
    discontent_model_file,
    discontent_model_setting,
    no_discontent_model_setting,
)
