"""Translations go through the same moderation as their source.

wagtail-localize's translation editor can only publish (and only for people allowed to):
it has no "Submit for moderation". Here a translation is saved as a draft revision of the
translated page and that draft starts the page's workflow, as Wagtail's page editor does, so
that moderators are told (Wagtail's workflow emails) and approve or send it back
(docs/i18n.md).
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import Page, WorkflowState
from wagtail_localize.models import Translation


def translation_of(page: Page) -> Translation | None:
    """The wagtail-localize translation that writes `page`, if its editor is in charge."""
    return (
        Translation.objects.filter(
            source__object_id=page.translation_key, target_locale_id=page.locale_id, enabled=True
        )
        .select_related("source", "target_locale")
        .first()
    )


def untranslated_count(translation: Translation) -> int:
    """How many texts of the source have no translation yet (they fall back to the source's)."""
    segments = translation.source.stringsegment_set.all()
    return (
        segments.annotate_translation(translation.target_locale)
        .filter(translation__isnull=True)
        .count()
    )


@dataclass(frozen=True)
class Moderation:
    """What the translation editor says about moderation, for one person and page."""

    can_submit: bool
    in_moderation: bool
    needs_changes: bool
    untranslated: int
    has_workflow: bool


def moderation_for(page: Page, user) -> Moderation | None:
    """None when the page is not written through the translation editor."""
    translation = translation_of(page)
    if translation is None:
        return None
    page = page.specific
    state = page.current_workflow_state
    in_moderation = bool(state and state.status == WorkflowState.STATUS_IN_PROGRESS)
    needs_changes = bool(state and state.status == WorkflowState.STATUS_NEEDS_CHANGES)
    workflow = page.get_workflow()
    can_edit = page.permissions_for_user(user).can_edit()
    return Moderation(
        can_submit=bool(workflow and workflow.active and can_edit and not in_moderation),
        in_moderation=in_moderation,
        needs_changes=needs_changes,
        untranslated=untranslated_count(translation),
        has_workflow=bool(workflow and workflow.active),
    )


@transaction.atomic
def submit_translation(*, page: Page, user) -> WorkflowState:
    """Save the translation as a draft of `page` and submit it to the page's workflow.

    A workflow sent back for changes resumes; otherwise a new one starts. The live page stays
    as it is until a moderator approves.
    """
    page = Page.objects.select_for_update().get(pk=page.pk).specific
    if not page.permissions_for_user(user).can_edit():
        raise PermissionDenied
    translation = translation_of(page)
    if translation is None:
        raise ValidationError(_("This page is not written with the translation editor."))
    workflow = page.get_workflow()
    if workflow is None or not workflow.active:
        raise ValidationError(_("No moderation workflow applies to this page."))
    state = page.current_workflow_state
    if state and state.status == WorkflowState.STATUS_IN_PROGRESS:
        raise ValidationError(_("This translation is already waiting for moderation."))

    # The translations typed so far become the page's newest revision, which is what the
    # moderators review. Not through translation.save_target(publish=False): it also writes
    # the translated fields onto the page's row, and Wagtail serves a live page from its row,
    # so a live French page would change before anyone approved it.
    draft = translation.source.get_ephemeral_translated_instance(
        translation.target_locale, fallback=True
    )
    draft.save_revision(user=user, log_action=True)
    page = Page.objects.get(pk=page.pk).specific
    if state and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        state.resume(user)
        return state
    return workflow.start(page, user)
