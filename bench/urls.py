"""The site's URLs plus the trivial view every throughput figure is compared with."""

from django.http import HttpResponse
from django.urls import path

from config.urls import handler404, handler500  # noqa: F401
from config.urls import urlpatterns as site_urlpatterns


def ok(request):
    """The framework's floor: the whole middleware stack, no template, no database."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/ok", ok, name="bench_ok"), *site_urlpatterns]
