"""An admin panel that names the time zone an expert's availability is kept in."""

from wagtail.admin.panels import Panel

from pages import dates


class TimeZonePanel(Panel):
    """Says, in words, which zone the weekly windows and dates away are in: the one on the
    expert's profile (a window at 10:00 stays at 10:00 on their clock across DST)."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "office_hours/admin/_time_zone_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            expert = getattr(self.instance, "expert", None) if self.instance.expert_id else None
            if expert is None and self.request is not None and not self.request.user.is_coordinator:
                expert = getattr(self.request.user, "expert_profile", None)
            context["zone"] = dates.zone_label(expert.time_zone) if expert else ""
            context["own"] = bool(
                expert and self.request and expert.user_id == self.request.user.pk
            )
            context["name"] = expert.user.full_name if expert else ""
            return context
