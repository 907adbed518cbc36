"""The site's URLs plus the two trivial views every throughput figure is compared with."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path

from config.urls import handler404, handler500  # noqa: F401
from config.urls import urlpatterns as site_urlpatterns


def ok(request):
    """The framework's floor: the whole middleware stack, no template, no database."""
    return HttpResponse("ok", content_type="text/plain")


@login_required
def signed_in(request):
    """What every signed-in site page pays and nothing else: the middleware for a signed-in
    person (session, account, second factor, messages, language) and the site's base
    template around an empty main (header, account menu, footer, language links)."""
    return render(request, "base.html", {})


urlpatterns = [
    path("bench/ok", ok, name="bench_ok"),
    *i18n_patterns(
        path("bench/signed-in/", signed_in, name="bench_signed_in"),
        prefix_default_language=True,
    ),
    *site_urlpatterns,
]
