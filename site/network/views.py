from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from .forms import ProfileForm
from .models import Membership


@login_required
def profile(request):
    """A person's own settings: name, language, time zone, and their organisations."""
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        with translation.override(user.language):
            messages.success(request, _("Your profile has been saved."))
            return redirect("network:profile")
    memberships = Membership.objects.visible_to(request.user).filter(user=request.user)
    return render(
        request,
        "account/profile.html",
        {"form": form, "memberships": memberships.select_related("organisation")},
    )
