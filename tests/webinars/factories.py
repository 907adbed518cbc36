"""Webinar rows for tests: sessions and series (published pages under the demo's webinars
index), registrations and series registrations; the addresses the forms post to."""

import datetime

import factory
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale, Page, Site

from webinars.models import (
    Registration,
    SeriesSubscription,
    WebinarIndexPage,
    WebinarPage,
    WebinarSeriesPage,
)


def webinars_index(language: str = "en") -> WebinarIndexPage:
    return WebinarIndexPage.objects.get(locale=Locale.objects.get(language_code=language))


class _PageFactory(factory.Factory):
    """A page added under `parent` (the English webinars index unless given) and published."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, parent=None, **kwargs):
        page = model_class(**kwargs)
        (parent or webinars_index()).add_child(instance=page)
        page.save_revision().publish()
        return model_class.objects.get(pk=page.pk)


class WebinarSeriesFactory(_PageFactory):
    class Meta:
        model = WebinarSeriesPage

    title = factory.Sequence(lambda n: f"Test series {n}")
    slug = factory.Sequence(lambda n: f"test-series-{n}")
    summary = "A series for tests."


class WebinarSessionFactory(_PageFactory):
    """An upcoming session, three days from now, an hour long, open registration."""

    class Meta:
        model = WebinarPage

    title = factory.Sequence(lambda n: f"Test session {n}")
    slug = factory.Sequence(lambda n: f"test-session-{n}")
    summary = "A session for tests."
    starts_at = factory.LazyFunction(
        lambda: timezone.now().replace(microsecond=0) + datetime.timedelta(days=3)
    )
    time_zone = "America/Toronto"
    duration_minutes = 60
    capacity = 2
    join_url = "https://meet.example.org/hub/test"


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A seat at an upcoming session, made directly (no email, no log): for reads."""

    class Meta:
        model = Registration

    session = factory.SubFactory(WebinarSessionFactory)
    email = factory.Sequence(lambda n: f"registrant{n}@town.example")
    full_name = factory.Sequence(lambda n: f"Registrant {n}")
    language = "en"
    consent = True
    status = Registration.Status.REGISTERED


class SeriesSubscriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SeriesSubscription

    series = factory.SubFactory(WebinarSeriesFactory)
    email = factory.Sequence(lambda n: f"subscriber{n}@town.example")
    full_name = factory.Sequence(lambda n: f"Subscriber {n}")
    language = "en"
    consent = True


def details(n: int = 1, **extra) -> dict:
    """A person's answers to the registration form, also the services' keyword arguments."""
    return {
        "full_name": f"Guest Person {n}",
        "email": f"guest{n}@town.example",
        "organisation": "City of Moncton",
        "role": "staff",
        "region": "Moncton, NB",
        "language": "en",
        "accessibility_needs": "",
        "consent": True,
        **extra,
    }


def register_url(session: WebinarPage) -> str:
    """Where a session page's registration form posts."""
    return reverse("webinars:register", args=[session.pk])


def subscribe_url(series: WebinarSeriesPage) -> str:
    """Where a series page's form posts."""
    return reverse("webinars:subscribe", args=[series.pk])


def page_at(path: str):
    """The live page a site path (/en/webinars/...) serves."""
    site = Site.objects.get(is_default_site=True)
    language, *slugs = path.strip("/").split("/")
    root = site.root_page.get_translation(Locale.objects.get(language_code=language))
    page = root
    for slug in slugs:
        page = page.get_children().get(slug=slug)
    return Page.objects.get(pk=page.pk).specific
