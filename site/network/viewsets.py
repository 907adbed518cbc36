"""Wagtail admin viewsets for people and places (registered in wagtail_hooks.py)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList, Panel
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import BaseObjectMixin, WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button
from wagtail.snippets.views.snippets import SnippetViewSet
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from . import membership_admin, pipeline
from .forms import ExpertProfileForm, HubUserCreationForm, HubUserEditForm
from .models import ExpertProfile, InterestExpression, Organisation, Topic
from .pipeline_forms import MoveToStageForm


class UserViewSet(WagtailUserViewSet):
    def get_form_class(self, for_update=False):
        return HubUserEditForm if for_update else HubUserCreationForm


# --- Organisations and the membership pipeline ---


def _can_move(user) -> bool:
    return user.has_perm("network.change_organisation")


def _move_button(organisation, user, *, priority=5):
    """The "Move to stage" button, for a city and someone who may change organisations."""
    if organisation.kind not in pipeline.JOINING_KINDS or not _can_move(user):
        return None
    url = reverse("organisation:move_stage", args=[organisation.pk])
    return Button(_("Move to stage"), url=url, icon_name="arrow-right", priority=priority)


class PipelinePanel(Panel):
    """Where the organisation stands in the membership pipeline: its steps, dated and
    noted, and the expressions of interest it sent. Read-only: the stage moves through
    "Move to stage", never by editing the form."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "network/admin/pipeline_panel.html"

        def is_shown(self):
            return bool(self.instance.pk)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            organisation = self.instance
            button = _move_button(organisation, self.request.user)
            context.update(
                organisation=organisation,
                steps=organisation.pipeline_steps.select_related("by"),
                expressions=organisation.interest_expressions.all(),
                move_url=button.url if button else "",
            )
            return context


class OrganisationIndexView(generic.IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if button := _move_button(instance, self.request.user, priority=15):
            buttons.append(button)
        return buttons

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if self.request.user.has_perm("network.view_interestexpression"):
            buttons.append(
                Button(
                    _("Expressions of interest"),
                    url=reverse("interestexpression:index"),
                    icon_name="mail",
                    priority=30,
                )
            )
        return buttons


class OrganisationEditView(generic.EditView):
    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if button := _move_button(self.object, self.request.user):
            buttons.append(button)
        return buttons


class MoveToStageView(PermissionCheckedMixin, BaseObjectMixin, WagtailAdminTemplateMixin, FormView):
    """Move a city to a stage of the pipeline, with a date and a note (member: it joins the
    network and the directory; out of member: it leaves them)."""

    model = Organisation
    form_class = MoveToStageForm
    permission_required = "change"
    template_name = "network/admin/move_stage.html"
    page_title = _("Move to stage")
    header_icon = "group"
    index_url_name = None
    edit_url_name = None

    def get_page_subtitle(self):
        return self.object.name

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(self.index_url_name), "label": Organisation._meta.verbose_name_plural},
            {"url": reverse(self.edit_url_name, args=[self.object.pk]), "label": self.object.name},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "organisation": self.object}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            object=self.object,
            cancel_url=reverse(self.edit_url_name, args=[self.object.pk]),
            steps=self.object.pipeline_steps.select_related("by")[:5],
        )
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            organisation = pipeline.move_to_stage(
                organisation=self.object,
                stage=data["stage"],
                on=data["on"],
                note=data["note"],
                by=self.request.user,
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for name, problems in error.message_dict.items():
                    form.add_error(name if name in form.fields else None, problems)
            else:
                form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(name)s is now in the stage “%(stage)s”.")
            % {"name": organisation.name, "stage": organisation.get_stage_display()},
        )
        return redirect(self.edit_url_name, organisation.pk)


class OrganisationViewSet(ModelViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Organisations")
    index_view_class = OrganisationIndexView
    edit_view_class = OrganisationEditView
    list_display = [
        "name",
        "kind",
        "country",
        "region",
        Column("stage", label=_("Pipeline stage"), accessor="get_stage_display", sort_key="stage"),
        DateColumn("stage_since", label=_("In this stage since"), sort_key="stage_since"),
        "member_since",
    ]
    list_filter = ["stage", "kind", "country", "is_member"]
    search_fields = ["name"]
    ordering = ["name"]
    add_to_admin_menu = False
    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("kind"),
        FieldRowPanel([FieldPanel("country"), FieldPanel("region")]),
        FieldPanel("website"),
        # The stage decides membership: both move only through "Move to stage".
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("stage", read_only=True), FieldPanel("stage_since", read_only=True)]
                ),
                FieldRowPanel(
                    [
                        FieldPanel("is_member", read_only=True),
                        FieldPanel("member_since", read_only=True),
                    ]
                ),
                PipelinePanel(),
            ],
            heading=_("Membership pipeline"),
        ),
    ]

    @property
    def move_stage_view(self):
        return self.construct_view(MoveToStageView, edit_url_name=self.get_url_name("edit"))

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(f"move/<{self.pk_path_converter}:pk>/", self.move_stage_view, name="move_stage"),
        ]


class InterestExpressionIndexView(generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("organisation")


class InterestExpressionURLFinder(ModelAdminURLFinder):
    """Links to an expression of interest from the admin (an organisation's usage, logs)
    open its inspect view: there is no edit view."""

    edit_url_name = "interestexpression:inspect"

    def get_edit_url(self, instance):
        return self.construct_edit_url(instance)


class InterestExpressionViewSet(membership_admin.NoAdminWritesMixin, ModelViewSet):
    """What cities wrote on the public form: read-only, for coordinators."""

    model = InterestExpression
    index_view_class = InterestExpressionIndexView
    url_finder_class = InterestExpressionURLFinder
    icon = "mail"
    menu_label = _("Expressions of interest")
    add_to_admin_menu = False
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = [
        "organisation",
        "contact_name",
        "contact_email",
        Column("stage", label=_("Pipeline stage"), accessor="organisation.get_stage_display"),
        DateColumn("submitted_at", label=_("Submitted"), sort_key="submitted_at"),
    ]
    list_filter = ["language"]
    search_fields = ["organisation__name", "contact_name", "contact_email", "why_now"]
    ordering = ["-submitted_at"]
    inspect_view_fields = [
        "organisation",
        "contact_name",
        "contact_role",
        "contact_email",
        "contact_phone",
        "why_now",
        "language",
        "submitted_at",
    ]

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path(f"inspect/<{self.pk_path_converter}:pk>/", self.inspect_view, name="inspect"),
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
    items = (
        OrganisationViewSet,
        InterestExpressionViewSet,
        ExpertProfileViewSet,
        *membership_admin.VIEWSETS,
    )
