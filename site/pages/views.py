import datetime
import zoneinfo
from collections import defaultdict
from types import SimpleNamespace

from django.conf import settings
from django.core.paginator import Paginator
from django.db import connection
from django.http import Http404, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils import translation
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Locale, Page
from wagtail.search.utils import normalise_query_string

from .models import without_stand_ins
from .search import MAX_QUERY_LENGTH, clean_query

SEARCH_RESULTS_PER_PAGE = 10


def health(request):
    """For load balancers: the process answers and reaches its database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors and no database: whatever broke may be among them.
    return HttpResponseServerError(loader.get_template("500.html").render())


def search(request):
    """Site search in the visitor's language (aliases are never indexed: see SitePage)."""
    # As typed, for promoted results ("d’assistance"), without control characters (NUL
    # is refused by PostgreSQL).
    typed = "".join(c for c in request.GET.get("q", "")[:MAX_QUERY_LENGTH] if c.isprintable())
    query = clean_query(typed)
    locale = Locale.objects.filter(language_code=translation.get_language()).first()
    results = Page.objects.none()
    promoted = []
    if query and locale is not None:
        promoted = promoted_pages([typed, query], locale)
        # The search backend filters on indexed fields only: the locale itself, not its code.
        results = (
            Page.objects.live()
            .public()
            .filter(locale=locale)
            .exclude(pk__in=[page.pk for page in promoted])
            .specific()
            .search(query, operator="and")
        )
    paginator = Paginator(results, SEARCH_RESULTS_PER_PAGE)
    page_number = request.GET.get("page")
    results = paginator.get_page(page_number)
    return render(
        request,
        "pages/search.html",
        {
            "query": query,
            # Recommended pages head the first page of results only.
            "promoted": promoted if results.number == 1 else [],
            "results": results,
        },
    )


def promoted_pages(queries: list[str], locale) -> list:
    """The live, public pages editors promoted for this query, as typed or as searched
    ("d’assistance" loses its apostrophe), in this language and their order (Wagtail's
    promoted search results). Reading writes nothing: no query is recorded."""
    promotions = (
        SearchPromotion.objects.filter(
            query__query_string__in={normalise_query_string(q) for q in queries},
            page__locale=locale,
            page__live=True,
        )
        .select_related("page")
        .order_by("sort_order", "pk")
    )
    pages = Page.objects.filter(pk__in=[p.page_id for p in promotions]).public().specific()
    by_pk = {page.pk: page for page in pages}
    return [by_pk[p.page_id] for p in promotions if p.page_id in by_pk]


def sitemap(request):
    """This language's pages, each with the translations search engines should know of."""
    pages = without_stand_ins(
        Page.objects.live()
        .public()
        .filter(locale__language_code=translation.get_language(), depth__gt=1)
    ).order_by("path")
    translations = defaultdict(list)
    for translation_ in (
        without_stand_ins(
            Page.objects.live().public().filter(translation_key__in=pages.values("translation_key"))
        )
        .select_related("locale")
        .order_by("locale__language_code")
    ):
        translations[translation_.translation_key].append(translation_)
    entries = []
    for page in pages:
        alternates = [
            (other.locale.language_code, other.get_full_url(request))
            for other in translations[page.translation_key]
        ]
        default = next((url for code, url in alternates if code == "en"), None)
        entries.append(
            {
                "location": page.get_full_url(request),
                "lastmod": page.last_published_at,
                "alternates": alternates if len(alternates) > 1 else [],
                "default": default,
            }
        )
    return render(
        request, "sitemap.xml", {"entries": entries}, content_type="application/xml; charset=utf-8"
    )


def sitemap_index(request):
    locations = []
    for locale in Locale.objects.order_by("language_code"):
        with translation.override(locale.language_code):
            locations.append(request.build_absolute_uri(reverse("sitemap")))
    return render(
        request,
        "sitemap_index.xml",
        {"locations": locations},
        content_type="application/xml; charset=utf-8",
    )


def robots(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        *(f"Disallow: /{code}/accounts/" for code, _name in settings.LANGUAGES),
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap_index'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def pattern_library(request):
    """Every component of the design system with its variants (development settings only)."""
    if not settings.HUB_PATTERN_LIBRARY:
        raise Http404
    colours = [
        ("ink", "Body text"),
        ("muted", "Secondary text"),
        ("brand", "Links, primary buttons, the header"),
        ("brand-dark", "Headings, hover"),
        ("accent", "Decoration only, never text"),
        ("focus", "The focus ring"),
        ("success", "Done, confirmed"),
        ("warning", "Waiting, needs attention"),
        ("danger", "At risk, destructive"),
        ("neutral", "Closed, inactive"),
        ("wash", "Quiet panels"),
        ("line", "Separators"),
    ]
    context = {
        "week": _sample_week(),
        "colours": colours,
        "spacing": range(1, 9),
        "sample_topics": ["Online harms", "Responding to attacks"],
        "sample_languages": ["English", "Français"],
    }
    return render(request, "patterns/index.html", context)


def _sample_week() -> list[dict]:
    """A week of made-up open slots for the pattern library's office-hours grid, in the shape
    the grid takes (days of {"date", "rows", "past"}; rows of starts, ends, key, expert)."""
    zone = zoneinfo.ZoneInfo(settings.HUB_DEFAULT_TIME_ZONE)
    monday = datetime.date(2027, 1, 11)
    experts = [
        SimpleNamespace(user=SimpleNamespace(full_name=name))
        for name in ("Amara Okafor", "Luc Tremblay")
    ]
    days = []
    for offset, hours in enumerate([(10, 14), (9,), (), (11, 15, 16), (13,), (), ()]):
        day = monday + datetime.timedelta(days=offset)
        rows = []
        for number, hour in enumerate(hours):
            starts = datetime.datetime.combine(day, datetime.time(hour), tzinfo=zone)
            rows.append(
                {
                    "starts": starts,
                    "ends": starts + datetime.timedelta(minutes=30),
                    "key": f"sample-{offset}-{number}",
                    "expert": experts[number % 2],
                }
            )
        days.append({"date": day, "rows": rows, "past": False})
    return days
