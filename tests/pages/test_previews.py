"""Every page type previews, and views as a draft, without an error: in English and, where
the demo has one, in French. Editors reach both from the page editor; a page type that
answers 500 there cannot be checked before it is published.

Each page type's demo instance is posted exactly as its edit form holds it (the form read
from the editor's own HTML, as a browser would send it), then its preview is opened; the
draft is viewed through wagtailadmin_pages:view_draft.
"""

import pytest
from django.urls import reverse
from wagtail import blocks
from wagtail.fields import StreamField
from wagtail.models import Locale, Page, get_page_models
from wagtail.test.utils.form_data import querydict_from_html

from tests.network.factories import UserFactory

PAGE_TYPES = sorted(
    (model for model in get_page_models() if model is not Page),
    key=lambda model: model._meta.label,
)


@pytest.fixture
def editor(client, demo):
    user = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(user)
    return client


def instances(model, language_code):
    """The demo's pages of this type in a language: the first of each."""
    locale = Locale.objects.filter(language_code=language_code).first()
    if locale is None:
        return None
    return model.objects.filter(locale=locale).order_by("path").first()


def block_data(block, state, prefix: str, data) -> None:
    """What the editor's script posts for a block in this state (Wagtail builds StreamField
    inputs in the browser, so the edit page's HTML holds none of them)."""
    if isinstance(block, blocks.StreamBlock):
        data[f"{prefix}-count"] = str(len(state))
        for index, child in enumerate(state):
            data[f"{prefix}-{index}-type"] = child["type"]
            data[f"{prefix}-{index}-id"] = child.get("id") or ""
            data[f"{prefix}-{index}-deleted"] = ""
            data[f"{prefix}-{index}-order"] = str(index)
            block_data(
                block.child_blocks[child["type"]], child["value"], f"{prefix}-{index}-value", data
            )
    elif isinstance(block, blocks.ListBlock):
        data[f"{prefix}-count"] = str(len(state))
        for index, child in enumerate(state):
            data[f"{prefix}-{index}-id"] = child.get("id") or ""
            data[f"{prefix}-{index}-deleted"] = ""
            data[f"{prefix}-{index}-order"] = str(index)
            block_data(block.child_block, child["value"], f"{prefix}-{index}-value", data)
    elif isinstance(block, blocks.StructBlock):
        for name, child in block.child_blocks.items():
            block_data(child, (state or {}).get(name), f"{prefix}-{name}", data)
    elif isinstance(state, bool):
        if state:
            data[prefix] = "on"
    elif isinstance(state, dict):
        data[prefix] = str(state.get("id") or "")
    elif isinstance(state, list | tuple):
        data.setlist(prefix, [str(item) for item in state])
    else:
        data[prefix] = "" if state is None else str(state)


def edit_form_data(client, page):
    """The page's edit form as the editor shows it, ready to post."""
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert edit.status_code == 200, f"{page!r}: edit {edit.status_code}"
    data = querydict_from_html(edit.content.decode(), form_id="page-edit-form")
    page = page.get_latest_revision_as_object()
    for field in page._meta.get_fields():
        if isinstance(field, StreamField):
            value = getattr(page, field.name)
            block_data(
                field.stream_block, field.stream_block.get_form_state(value), field.name, data
            )
    return data


def synced_by_wagtail_localize(page) -> bool:
    """Whether the page is a translation wagtail-localize keeps in sync (grants' French
    pages are made that way by their demo loader)."""
    from wagtail_localize.models import Translation

    return Translation.objects.filter(
        source__object_id=page.translation_key, target_locale=page.locale, enabled=True
    ).exists()


def preview(client, page):
    data = edit_form_data(client, page)
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    posted = client.post(url, data=data)
    assert posted.status_code == 200, f"{page!r}: preview POST {posted.status_code}"
    assert posted.json() == {"is_valid": True, "is_available": True}, (
        f"{page!r}: the edit form as the editor shows it does not validate: {posted.json()}"
    )
    shown = client.get(url, {"mode": page.default_preview_mode})
    assert shown.status_code == 200, f"{page!r}: preview {shown.status_code}"
    return shown


@pytest.mark.parametrize("model", PAGE_TYPES, ids=lambda model: model._meta.label)
@pytest.mark.parametrize("language_code", ["en", "fr"])
def test_every_page_type_previews_and_views_as_a_draft(editor, model, language_code):
    page = instances(model, language_code)
    if page is None:
        assert language_code != "en", f"the demo has no {model._meta.label}"
        return
    if synced_by_wagtail_localize(page):
        # A translation kept in sync with its source opens wagtail-localize's translation
        # editor (no page form to post); its draft is viewed below.
        edit = editor.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        assert edit.status_code == 200, f"{page!r}: translation editor {edit.status_code}"
        assert b"page-edit-form" not in edit.content and b"wagtail-localize" in edit.content
    else:
        preview(editor, page)
    draft = editor.get(reverse("wagtailadmin_pages:view_draft", args=[page.pk]))
    assert draft.status_code == 200, f"{page!r}: view draft {draft.status_code}"
