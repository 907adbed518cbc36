"""Wagtail admin viewsets for people and places (registered in wagtail_hooks.py)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.views.snippets import SnippetViewSet
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from . import membership_admin
from .forms import ExpertProfileForm, HubUserCreationForm, HubUserEditForm
from .models import ExpertProfile, Organisation, Topic


class UserViewSet(WagtailUserViewSet):
    def get_form_class(self, for_update=False):
        return HubUserEditForm if for_update else HubUserCreationForm


class OrganisationViewSet(ModelViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Organisations")
    list_display = ["name", "kind", "country", "region", "is_member", "member_since"]
    list_filter = ["kind", "country", "is_member"]
    search_fields = ["name"]
    ordering = ["name"]
    add_to_admin_menu = False
    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("kind"),
        FieldRowPanel([FieldPanel("country"), FieldPanel("region")]),
        FieldRowPanel([FieldPanel("is_member"), FieldPanel("member_since")]),
        FieldPanel("website"),
    ]


class ExpertProfileViewSet(ModelViewSet):
    model = ExpertProfile
    icon = "user"
    menu_label = _("Experts")
    list_display = ["user", "role", "weekly_capacity", "away_until", "is_active"]
    list_filter = ["is_active", "topics"]
    search_fields = ["user__full_name", "user__email", "role", "role_fr", "bio", "bio_fr"]
    ordering = ["user__full_name"]
    add_to_admin_menu = False
    edit_handler = ObjectList(
        [
            FieldPanel("user"),
            # Side by side, so that a change to one language is seen to need the other.
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("role"), FieldPanel("role_fr")]),
                    FieldRowPanel([FieldPanel("bio"), FieldPanel("bio_fr")]),
                ],
                heading=_("Shown to members, in English and French"),
            ),
            FieldPanel("photo"),
            FieldPanel("topics"),
            MultiFieldPanel(
                [FieldPanel("languages"), FieldPanel("jurisdictions"), FieldPanel("time_zone")],
                heading=_("Reach"),
            ),
            MultiFieldPanel(
                [FieldPanel("weekly_capacity"), FieldPanel("away_until"), FieldPanel("is_active")],
                heading=_("Availability"),
            ),
        ],
        base_form_class=ExpertProfileForm,
    )


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = _("Topics")
    list_display = ["name", "slug"]
    search_fields = ["name"]
    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]


class NetworkViewSetGroup(ViewSetGroup):
    menu_label = _("Network")
    menu_icon = "globe"
    menu_order = 200
    items = (OrganisationViewSet, ExpertProfileViewSet, *membership_admin.VIEWSETS)
