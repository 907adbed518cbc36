"""The admin view that submits a translation to moderation (pages.translations)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from wagtail.models import Page

from .translations import submit_translation, translation_of, untranslated_count


@require_POST
def submit_translation_view(request, page_id):
    page = get_object_or_404(Page, pk=page_id)
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    try:
        submit_translation(page=page, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(edit_url)
    message = _("“%(title)s” in %(language)s is waiting for the moderators’ review.") % {
        "title": page.get_admin_display_title(),
        "language": page.locale.get_display_name(),
    }
    translation = translation_of(page)
    missing = untranslated_count(translation) if translation else 0
    if missing:
        message += " " + ngettext(
            "%(count)s text is not translated yet and shows the original.",
            "%(count)s texts are not translated yet and show the original.",
            missing,
        ) % {"count": missing}
    messages.success(request, message)
    return redirect(edit_url)
