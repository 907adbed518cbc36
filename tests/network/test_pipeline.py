"""Joining the network: the public expression of interest, the pipeline's stages, the
coordinators' admin, and the member directory."""

import datetime

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.models import ModelLogEntry

from network import pipeline, pipeline_demo
from network.models import InterestExpression, Organisation, PipelineStep, User
from tests.network.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

Stage = Organisation.Stage
TODAY = timezone.localdate


@pytest.fixture(autouse=True)
def clear_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def coordinator(demo):
    return User.objects.get(email="coordinator@hub.example")


def interest(**overrides):
    values = {
        "organisation_name": "Greater Sudbury",
        "kind": Organisation.Kind.CITY,
        "country": "CA",
        "region": "CA-ON",
        "website": "https://www.greatersudbury.ca",
        "contact_name": "Nadia Lefebvre",
        "contact_role": "Director of Community Safety",
        "contact_email": "Nadia.Lefebvre@sudbury.example",
        "contact_phone": "",
        "why_now": "Hate incidents reported to our police service doubled this year.",
        "language": "en",
    }
    return {**values, **overrides}


def form_data(**overrides):
    data = interest(**overrides)
    del data["kind"], data["language"]
    return data


# --- Services ---


def test_an_expression_of_interest_puts_a_new_city_in_the_pipeline(
    coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        expression = pipeline.express_interest(**interest(language="fr"))
    city = expression.organisation
    assert (city.name, city.kind, city.region, city.slug) == (
        "Greater Sudbury",
        "city",
        "CA-ON",
        "greater-sudbury",
    )
    assert (city.stage, city.stage_since, city.is_member, city.member_since) == (
        Stage.INTERESTED,
        TODAY(),
        False,
        None,
    )
    assert expression.contact_email == "nadia.lefebvre@sudbury.example"
    (step,) = city.pipeline_steps.all()
    assert (step.stage, step.on, step.by) == (Stage.INTERESTED, TODAY(), None)
    assert ModelLogEntry.objects.filter(
        object_id=str(city.pk), action="network.organisation.interest"
    ).exists()
    assert city not in Organisation.objects.members()

    # The contact person, in French; every coordinator, in theirs, with the admin link.
    to_contact = [m for m in mail.outbox if m.to == ["nadia.lefebvre@sudbury.example"]]
    assert len(to_contact) == 1
    assert "Greater Sudbury" in to_contact[0].subject
    assert to_contact[0].extra_headers["Content-Language"] == "fr"
    assert "Nous avons reçu" in to_contact[0].subject
    assert "/fr/join-the-network/" in to_contact[0].body
    to_coordinator = [m for m in mail.outbox if m.to == [coordinator.email]]
    assert len(to_coordinator) == 1
    assert to_coordinator[0].subject == "Expression of interest: Greater Sudbury"
    assert f"http://testserver/admin/organisation/edit/{city.pk}/" in to_coordinator[0].body
    assert "Hate incidents reported" in to_coordinator[0].body
    assert len(mail.outbox) == 1 + User.objects.filter(groups__name="Hub coordinators").count()


def test_a_second_expression_joins_the_city_already_in_the_pipeline(demo):
    first = pipeline.express_interest(**interest())
    pipeline.move_to_stage(
        organisation=first.organisation, stage=Stage.ENGAGED, on=TODAY(), note="Call", by=None
    )
    second = pipeline.express_interest(
        **interest(
            organisation_name="greater  sudbury",
            contact_name="Paul Roy",
            contact_email="paul@sudbury.example",
        )
    )
    assert second.organisation == first.organisation
    city = Organisation.objects.get(pk=first.organisation_id)
    assert city.stage == Stage.ENGAGED  # not sent back to the start
    assert city.interest_expressions.count() == 2
    assert city.pipeline_steps.count() == 2


def test_a_member_city_cannot_express_interest_again(demo):
    with pytest.raises(ValidationError) as error:
        pipeline.express_interest(**interest(organisation_name="Edmonton", region="CA-AB"))
    assert "Edmonton is already a member of the network" in str(error.value)


def test_a_city_of_the_same_name_elsewhere_gets_its_own_address(demo):
    london_on = pipeline.express_interest(
        **interest(organisation_name="London", region="CA-ON")
    ).organisation
    london_ky = pipeline.express_interest(
        **interest(organisation_name="London", country="US", region="US-KY")
    ).organisation
    assert london_on != london_ky
    assert {london_on.slug, london_ky.slug} == {"london", "london-us-ky"}


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"region": "US-ID"}, "region", "This province or state is not in the country you chose."),
        ({"region": ""}, "region", "Choose the province or state."),
        ({"kind": "community"}, "kind", "Membership is for city governments"),
        ({"contact_email": "not-an-address"}, "contact_email", "valid email"),
        ({"why_now": "x" * 3001}, "why_now", "Keep it to 3000 characters"),
    ],
)
def test_express_interest_explains_what_is_wrong(demo, overrides, field, message):
    with pytest.raises(ValidationError) as error:
        pipeline.express_interest(**interest(**overrides))
    assert message in " ".join(error.value.message_dict[field])
    assert not Organisation.objects.filter(name="Greater Sudbury").exists()


def test_moving_to_member_and_out_again(demo, coordinator):
    city = pipeline.express_interest(**interest()).organisation
    joined = TODAY() - datetime.timedelta(days=3)
    pipeline.move_to_stage(
        organisation=city, stage=Stage.MEMBER, on=joined, note="Mayor's letter", by=coordinator
    )
    city.refresh_from_db()
    assert (city.stage, city.stage_since, city.is_member, city.member_since) == (
        Stage.MEMBER,
        joined,
        True,
        joined,
    )
    assert city in Organisation.objects.cities().members()
    step = city.pipeline_steps.get(stage=Stage.MEMBER)
    assert (step.stage, step.on, step.note, step.by) == (
        Stage.MEMBER,
        joined,
        "Mayor's letter",
        coordinator,
    )
    entry = ModelLogEntry.objects.filter(
        object_id=str(city.pk), action="network.organisation.stage"
    ).latest("timestamp")
    assert entry.data["to"] == "member" and entry.user_id == coordinator.pk

    # A city that leaves the network.
    pipeline.move_to_stage(
        organisation=city,
        stage=Stage.ENGAGED,
        on=TODAY(),
        note="Left after the election",
        by=coordinator,
    )
    city.refresh_from_db()
    assert (city.stage, city.is_member, city.member_since) == (Stage.ENGAGED, False, None)
    assert city not in Organisation.objects.members()


@pytest.mark.parametrize(
    ("stage", "days", "message"),
    [
        (Stage.ENGAGED, -1, "The date cannot be in the future."),
        (Stage.INTERESTED, 0, "Greater Sudbury is already in this stage."),
        ("joined", 0, "Choose a stage of the membership pipeline."),
    ],
)
def test_move_to_stage_explains_what_is_wrong(demo, stage, days, message):
    city = pipeline.express_interest(**interest()).organisation
    with pytest.raises(ValidationError) as error:
        pipeline.move_to_stage(
            organisation=city,
            stage=stage,
            on=TODAY() - datetime.timedelta(days=days),
            note="",
            by=None,
        )
    assert message in " ".join(error.value.messages)
    assert city.pipeline_steps.count() == 1


def test_only_cities_move_through_the_pipeline(demo):
    partner = Organisation.objects.get(name="Foundation for a Path Forward")
    with pytest.raises(ValidationError, match="Only a city or other local government"):
        pipeline.move_to_stage(
            organisation=partner, stage=Stage.ENGAGED, on=TODAY(), note="", by=None
        )


# --- The public form ---


def test_the_form_in_english_takes_a_city_to_the_thanks_page(
    client, coordinator, django_capture_on_commit_callbacks
):
    page = client.get("/en/join-the-network/")
    content = page.content.decode()
    assert page.status_code == 200
    assert "<h1>Join the network</h1>" in content
    for label in (
        "Name of your city or local government",
        "Province or state",
        "Why now?",
        "What we do with this",
        "What happens next",
    ):
        assert label in content
    assert 'maxlength="3000"' in content
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/join-the-network/", form_data())
    assert response.status_code == 302
    assert response["Location"] == "/en/join-the-network/thanks/"
    thanks = client.get(response["Location"]).content.decode()
    assert "We have received Greater Sudbury’s interest" in thanks
    assert "Here is what happens next" in thanks
    city = Organisation.objects.get(name="Greater Sudbury")
    assert city.stage == Stage.INTERESTED
    expression = city.interest_expressions.get()
    assert (expression.language, expression.user) == ("en", None)
    (ack,) = [m for m in mail.outbox if m.to == ["nadia.lefebvre@sudbury.example"]]
    assert ack.subject == "We have received Greater Sudbury’s interest in joining the network"
    assert "within five working days" in ack.body


def test_the_form_in_french_answers_in_french(
    client, coordinator, django_capture_on_commit_callbacks
):
    page = client.get("/fr/join-the-network/")
    content = page.content.decode()
    assert "Rejoindre le réseau" in content
    assert "Nom de votre ville ou administration locale" in content
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/fr/join-the-network/", form_data(organisation_name="Lévis", region="CA-QC")
        )
    assert response["Location"] == "/fr/join-the-network/thanks/"
    assert "Merci" in client.get(response["Location"]).content.decode()
    expression = InterestExpression.objects.get(organisation__name="Lévis")
    assert expression.language == "fr"
    (ack,) = [m for m in mail.outbox if m.to == ["nadia.lefebvre@sudbury.example"]]
    assert ack.subject.startswith("Nous avons reçu")
    assert "cinq jours ouvrables" in ack.body
    (notice,) = [m for m in mail.outbox if m.to == [coordinator.email]]
    assert notice.subject == "Expression of interest: Lévis"  # the coordinator's language


@pytest.mark.parametrize(
    ("language", "messages"),
    [
        (
            "en",
            [
                "Give the name of your city or local government.",
                "Choose the country.",
                "Tell us briefly why your city would like to join now.",
                "There is a problem",
            ],
        ),
        (
            "fr",
            [
                "Indiquez le nom de votre ville ou administration locale.",
                "Choisissez le pays.",
                "Il y a un problème",
            ],
        ),
    ],
)
def test_an_empty_form_says_what_is_missing(client, demo, language, messages):
    before = InterestExpression.objects.count()
    response = client.post(f"/{language}/join-the-network/", {})
    content = response.content.decode()
    assert response.status_code == 200
    for message in messages:
        assert message in content
    assert InterestExpression.objects.count() == before


def test_the_form_refuses_a_region_of_another_country_and_a_member_city(client, demo):
    response = client.post("/en/join-the-network/", form_data(region="US-OH"))
    assert "This province or state is not in the country you chose." in response.content.decode()
    response = client.post(
        "/en/join-the-network/", form_data(organisation_name="Victoria", region="CA-BC")
    )
    assert "Victoria is already a member of the network." in response.content.decode()


def test_a_signed_in_person_finds_their_name_and_address_filled_in(client, demo):
    person = UserFactory(full_name="Robin Official", email="robin@sudbury.example")
    client.force_login(person)
    content = client.get("/en/join-the-network/").content.decode()
    assert 'value="Robin Official"' in content and 'value="robin@sudbury.example"' in content
    client.post("/en/join-the-network/", form_data(contact_email="robin@sudbury.example"))
    assert InterestExpression.objects.get(organisation__name="Greater Sudbury").user == person


def test_a_flood_of_submissions_is_stopped(client, demo):
    for number in range(3):
        response = client.post(
            "/en/join-the-network/", form_data(organisation_name=f"Town {number}")
        )
        assert response.status_code == 302
    response = client.post("/en/join-the-network/", form_data(organisation_name="Town 4"))
    assert response.status_code == 429
    assert "Please try again later" in response.content.decode()
    assert not Organisation.objects.filter(name="Town 4").exists()


# --- The coordinators' admin ---


def test_a_coordinator_moves_a_city_to_member_and_it_joins_the_directory(client, coordinator):
    city = pipeline.express_interest(**interest()).organisation
    client.force_login(coordinator)
    index = client.get("/admin/organisation/?stage=interested").content.decode()
    assert "Greater Sudbury" in index and "Edmonton" not in index
    edit = client.get(f"/admin/organisation/edit/{city.pk}/").content.decode()
    assert 'name="is_member"' not in edit and 'name="stage"' not in edit
    assert "Steps in the pipeline" in edit and "Hate incidents reported" in edit
    assert f"/admin/organisation/move/{city.pk}/" in edit
    form = client.get(f"/admin/organisation/move/{city.pk}/")
    assert form.status_code == 200
    assert 'value="engaged" selected' in form.content.decode()  # the next stage

    future = client.post(
        f"/admin/organisation/move/{city.pk}/",
        {"stage": "member", "on": (TODAY() + datetime.timedelta(days=2)).isoformat()},
    )
    assert future.status_code == 200
    assert "The date cannot be in the future." in future.content.decode()
    response = client.post(
        f"/admin/organisation/move/{city.pk}/",
        {"stage": "member", "on": TODAY().isoformat(), "note": "Mayor's letter received"},
    )
    assert response.status_code == 302
    city.refresh_from_db()
    assert (city.is_member, city.member_since, city.stage) == (True, TODAY(), Stage.MEMBER)
    assert PipelineStep.objects.filter(organisation=city, stage="member", by=coordinator).exists()
    history = client.get(f"/admin/organisation/history/{city.pk}/").content.decode()
    assert "Moved to the stage “Member” on " in history

    client.logout()
    directory = client.get("/en/member-cities/").content.decode()
    assert "Greater Sudbury" in directory


def test_people_other_than_coordinators_cannot_move_a_city(client, demo):
    city = Organisation.objects.get(name="Edmonton")
    url = f"/admin/organisation/move/{city.pk}/"
    client.force_login(User.objects.get(email="editor@hub.example"))
    assert client.get(url)["Location"] == "/admin/"
    assert client.post(url, {"stage": "engaged", "on": TODAY().isoformat()})["Location"] == (
        "/admin/"
    )
    client.force_login(User.objects.get(email="official.edmonton@hub.example"))
    assert "/login/" in client.get(url)["Location"]
    city.refresh_from_db()
    assert city.is_member


def test_coordinators_read_the_expressions_of_interest(client, coordinator):
    expression = pipeline.express_interest(**interest())
    client.force_login(coordinator)
    index = client.get("/admin/interestexpression/")
    assert index.status_code == 200
    assert "Nadia Lefebvre" in index.content.decode()
    inspect = client.get(f"/admin/interestexpression/inspect/{expression.pk}/")
    assert "Hate incidents reported" in inspect.content.decode()
    client.force_login(User.objects.get(email="editor@hub.example"))
    assert client.get("/admin/interestexpression/")["Location"] == "/admin/"


def test_an_organisation_s_usage_links_its_expressions_to_their_inspect_view(client, coordinator):
    expression = pipeline.express_interest(**interest())
    client.force_login(coordinator)
    usage = client.get(f"/admin/organisation/usage/{expression.organisation_id}/")
    assert usage.status_code == 200
    assert f"/admin/interestexpression/inspect/{expression.pk}/" in usage.content.decode()


def test_a_member_s_move_form_proposes_no_stage(client, coordinator):
    client.force_login(coordinator)
    edmonton = Organisation.objects.get(name="Edmonton")
    content = client.get(f"/admin/organisation/move/{edmonton.pk}/").content.decode()
    assert '<option value="" selected>' in content


# --- The demo ---


def test_the_demo_has_a_city_in_each_stage_and_loads_twice(demo):
    stages = set(Organisation.objects.exclude(stage="").values_list("stage", flat=True))
    assert stages == set(Stage.values)
    edmonton = Organisation.objects.get(name="Edmonton")
    assert edmonton.pipeline_steps.get(stage="member").on == edmonton.member_since
    before = (
        PipelineStep.objects.count(),
        InterestExpression.objects.count(),
        Organisation.objects.count(),
    )
    pipeline_demo.load()
    after = (
        PipelineStep.objects.count(),
        InterestExpression.objects.count(),
        Organisation.objects.count(),
    )
    assert before == after
    halifax = Organisation.objects.get(name="Halifax Regional Municipality")
    assert halifax.stage == Stage.COMMITTED
    assert [step.stage for step in halifax.pipeline_steps.all()] == [
        "committed",
        "engaged",
        "interested",
    ]


def test_an_organisation_made_with_the_factory_is_unaffected(demo):
    assert OrganisationFactory().stage == Stage.MEMBER  # is_member and stage agree
