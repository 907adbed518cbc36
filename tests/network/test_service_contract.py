"""The service contract of network's writes (DESIGN.md, "Where code goes"): each is one
transaction and takes keyword arguments only, named for what they are, so that no caller
passes a form's `cleaned_data` or an argument in the wrong place."""

import inspect

import pytest

from network import calendar_feed, joining, personal_data, pipeline, preferences, profiles

MODULES = (calendar_feed, joining, personal_data, pipeline, preferences, profiles)


def writes():
    """The public functions that run in a transaction (`@transaction.atomic`)."""
    return [
        function
        for module in MODULES
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if function.__module__ == module.__name__
        and not name.startswith("_")
        and hasattr(function, "__wrapped__")
    ]


def test_every_write_is_found():
    names = {function.__name__ for function in writes()}
    assert {"approve", "change_role", "remove", "move_to_stage", "close_account"} <= names
    assert {"update_profile", "express_interest", "end_memberships", "mark_read"} <= names


@pytest.mark.parametrize(
    "service", writes(), ids=lambda service: f"{service.__module__}.{service.__name__}"
)
def test_writes_take_keyword_arguments_only(db, service):
    parameters = inspect.signature(service).parameters.values()
    assert all(parameter.kind is parameter.KEYWORD_ONLY for parameter in parameters)
    with pytest.raises(TypeError):
        service(object())
