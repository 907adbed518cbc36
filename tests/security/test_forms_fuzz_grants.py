"""Hostile input to the grants forms an applicant or grantee fills (issue 24), in the way of
`test_forms_fuzz`: the eligibility check that starts an application, the application's
autosave (odd keys and values, huge text, odd budget rows and amounts, a bad revision) and
the report's save. Never a server error; a refusal writes nothing and loses nothing
already saved (a draft save is a write: valid input may write)."""

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from tests.security.test_forms_fuzz import (
    FUZZ,
    ODD,
    check,
    encodings,
    field,
    form,
    last,
    one_example,
    send,
)

pytestmark = pytest.mark.django_db

MONEY = st.sampled_from(
    ["1500", "1 500,50", "1,500.50", "$1500", "-5", "1e9", "0", "99999999999999999999", "١٥٠٠"]
)
HUGE = st.integers(min_value=1, max_value=200_000).map(lambda n: "x" * n)


def _client(email):
    from django.test import Client

    from network.models import User

    client = Client()
    client.force_login(User.objects.get(email=email))
    return client


@pytest.fixture
def community(demo):
    return _client("community@hub.example")


@pytest.fixture
def open_call(demo):
    from grants.models import CallPage

    return CallPage.objects.live().filter(locale__language_code="en").order_by("-deadline")[0]


@pytest.fixture
def changes_requested(demo):
    """Forest Park's application: changes requested, so still editable."""
    from grants.models import Application

    application = Application.objects.get(organisation__name="Forest Park Youth Alliance")
    assert application.is_editable
    return application


@pytest.fixture
def report_due(demo):
    from grants.models import Report

    return Report.objects.filter(
        grant__organisation__name="Boise Neighbours Together", status=Report.Status.DUE
    )[0]


@FUZZ
@given(
    data=form(
        {
            "title": field(st.one_of(st.sampled_from(["Safe routes", "Zoë’s walk"]), HUGE)),
            "organisation": field(st.sampled_from(["1", "999999", "-1", "0"])),
            "question_0": field(st.sampled_from(["yes", "no"])),
            "question_1": field(st.sampled_from(["yes", "no"])),
            "question_2": field(st.sampled_from(["yes", "no"])),
        }
    ),
    urlencoded=encodings(),
)
def test_eligibility_check(community, open_call, data, urlencoded):
    url = reverse("grants:eligibility", args=[open_call.pk])
    with one_example():
        outcome = check(send(community, "post", url, data, urlencoded=urlencoded))
        if outcome.status == 302:
            assert "/grants/applications/" in outcome.response["Location"]


def _budget_rows():
    row = st.fixed_dictionaries(
        {"item": st.one_of(ODD, st.just("Venues"), HUGE), "amount": st.one_of(MONEY, ODD)}
    )
    return st.lists(st.tuples(st.integers(min_value=-1, max_value=12), row), max_size=4)


@FUZZ
@given(
    data=form(
        {
            "revision": field(st.one_of(st.just("CURRENT"), st.sampled_from(["-1", "9999", "x"]))),
            "project_name": field(st.one_of(st.just("Walking school bus"), HUGE)),
            "amount": field(MONEY),
        }
    ),
    rows=_budget_rows(),
)
def test_application_autosave(changes_requested, data, rows):
    from grants.models import Application

    client = _client(changes_requested.created_by.email)
    before = Application.objects.get(pk=changes_requested.pk)
    data = dict(data)
    if data.get("revision") == "CURRENT":
        data["revision"] = str(before.revision)
    for n, row in rows:
        data[f"budget-{n}-item"] = row["item"]
        data[f"budget-{n}-amount"] = row["amount"]
    url = reverse("grants:save", args=[changes_requested.public_id])
    with one_example():
        outcome = send(client, "post", url, data)
        assert outcome.status < 500, f"server error {outcome.status} on {outcome.description}"
        answer = outcome.response.json()
        after = Application.objects.get(pk=changes_requested.pk)
        if outcome.status >= 400:
            # Refused: says why, wrote nothing, lost nothing.
            assert answer["ok"] is False and answer["message"], outcome.description
            assert not outcome.writes, f"refused but wrote {outcome.writes}"
            assert after.answers == before.answers and after.revision == before.revision
        else:
            assert answer["ok"] is True and after.revision == answer["revision"]
            assert "\x00" not in str(after.answers)


@FUZZ
@given(
    data=form(
        {
            "action": field(st.sampled_from(["save", "submit"])),
            "revision": field(st.one_of(st.just("CURRENT"), st.sampled_from(["-1", "x"]))),
            "fig__people_reached": field(st.sampled_from(["12", "-3", "1e9", "99999999999"])),
            "fig__activities_held": field(st.sampled_from(["2", "0", "two", "٣"])),
            "what_happened": field(st.one_of(st.just("We met."), HUGE)),
            "spent": field(MONEY),
        }
    ),
)
def test_report_save(community, report_due, data):
    from grants.models import Report

    before = Report.objects.get(pk=report_due.pk)
    data = dict(data)
    if data.get("revision") == "CURRENT":
        data["revision"] = str(before.revision)
    url = reverse("grants:report", args=[report_due.public_id])
    # Sending saves the draft first, then checks it is complete: a refusal then has saved
    # the draft (legitimately); a save refused writes nothing and loses nothing.
    sending = last(data, "action") == "submit"
    with one_example():
        outcome = send(community, "post", url, data)
        check(outcome, may_write_on_refusal=outcome.writes if sending else ())
        after = Report.objects.get(pk=report_due.pk)
        if outcome.refused and not sending:
            assert after.answers == before.answers and after.revision == before.revision
        else:
            assert "\x00" not in str(after.answers)


def test_a_refused_save_says_why_and_loses_nothing_saved(changes_requested):
    """A good draft saved, then odd budget rows and a stale revision: each refused with a
    message (on the field for the budget), the saved draft as it was."""
    from grants.models import Application

    client = _client(changes_requested.created_by.email)
    url = reverse("grants:save", args=[changes_requested.public_id])
    revision = Application.objects.get(pk=changes_requested.pk).revision
    good = client.post(url, {"revision": revision, "project_name": "Walking school bus"})
    assert good.status_code == 200 and good.json()["ok"] is True
    saved = Application.objects.get(pk=changes_requested.pk)
    assert saved.answers["project_name"] == "Walking school bus"

    for bad, status in (
        ({"budget-0-item": "", "budget-0-amount": "500"}, 400),  # an amount, no purpose
        ({"budget-0-item": "Venues", "budget-0-amount": "five hundred"}, 400),
        ({"budget-0-item": "Venues", "budget-0-amount": "-5"}, 400),
        ({"project_name": "x" * 5000}, 400),  # over the question's limit
    ):
        answer = client.post(url, {"revision": saved.revision, "project_name": "Changed", **bad})
        assert answer.status_code == status, bad
        body = answer.json()
        assert body["ok"] is False and body["message"] and body["errors"], bad
        after = Application.objects.get(pk=changes_requested.pk)
        assert after.answers == saved.answers and after.revision == saved.revision
    stale = client.post(url, {"revision": saved.revision - 1, "project_name": "Changed"})
    assert stale.status_code == 409 and stale.json()["message"]
    nonsense = client.post(url, {"revision": "x", "project_name": "Changed"})
    assert nonsense.status_code == 400 and nonsense.json()["message"]
    assert Application.objects.get(pk=changes_requested.pk).answers == saved.answers


NEXT = st.sampled_from(
    ["/en/grants/", "https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:x"]
)


@FUZZ
@given(
    data=form(
        {
            "legal_name": field(st.sampled_from(["Boise Neighbours Together Inc."])),
            "registration_number": field(st.sampled_from(["ID-12345", ""])),
            "uei": field(st.sampled_from(["DEMOBNT12345", "short", "demobnt12345"])),
            "address": field(st.one_of(st.just("1 Main St, Boise"), HUGE)),
            "contact_name": field(st.sampled_from(["Taylor Brooks"])),
            "contact_email": field(st.sampled_from(["taylor@bnt.example", "not-an-email"])),
            "contact_phone": field(st.sampled_from(["+1 208 555 0100", "☎"])),
            "finance_contact": field(st.sampled_from(["Sam Ledger"])),
            "next": field(NEXT),
        }
    ),
    urlencoded=encodings(),
)
def test_applicant_profile(community, data, urlencoded):
    from network.models import Organisation

    organisation = Organisation.objects.get(name="Boise Neighbours Together")
    url = reverse("grants:profile", args=[organisation.pk])
    with one_example():
        outcome = check(send(community, "post", url, data, urlencoded=urlencoded))
        if outcome.status in (301, 302):
            location = outcome.response["Location"]
            assert location.startswith("/") and not location.startswith(("//", "/\\")), location
