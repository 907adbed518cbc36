"""Joining one's organisation on the site: "My organisations" (ask to join, withdraw,
leave, accept an invitation) and a lead's page for their organisation's people (decide on
requests, roles, remove, invite). Writes go through network.joining; an organisation the
person does not lead, or an object of another organisation, answers 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from .. import joining
from ..freemail import domain_of
from ..models import Invitation, JoinRequest, Membership, Organisation
from ..people_forms import (
    ApproveForm,
    AskToJoinForm,
    DeclineForm,
    InviteForm,
    OrganisationSearchForm,
    RoleForm,
)


def _refused(request, error) -> None:
    messages.error(request, " ".join(getattr(error, "messages", None) or [str(error)]))


# --- My organisations ---


def _my_context(request, *, ask_forms=None) -> dict:
    user = request.user
    memberships = (
        Membership.objects.visible_to(user).filter(user=user).select_related("organisation")
    )
    pending = (
        JoinRequest.objects.visible_to(user)
        .pending()
        .filter(user=user)
        .select_related("organisation")
    )
    search = OrganisationSearchForm(request.GET or None)
    query = search.cleaned_data["q"].strip() if search.is_valid() else ""
    mine = Membership.objects.filter(user=user, organisation=OuterRef("pk"))
    asked = JoinRequest.objects.pending().filter(user=user, organisation=OuterRef("pk"))
    ask_forms = ask_forms or {}

    def ask_form(organisation):
        return ask_forms.get(organisation.pk) or AskToJoinForm(prefix=f"ask-{organisation.pk}")

    results = None
    if query:
        found = (
            joining.joinable_organisations()
            .filter(name__icontains=query)
            .annotate(is_mine=Exists(mine), has_asked=Exists(asked))[:25]
        )
        results = [{"organisation": o, "form": ask_form(o)} for o in found]
    suggestions = []
    domains = {domain_of(address) for address in joining.verified_addresses(user)}
    for organisation in joining.suggested_organisations(user).prefetch_related("domains"):
        domain = next((d.domain for d in organisation.domains.all() if d.domain in domains), "")
        suggestions.append(
            {"organisation": organisation, "domain": domain, "form": ask_form(organisation)}
        )
    return {
        "memberships": memberships,
        "pending": pending,
        "invitations": joining.invitations_for(user),
        "suggestions": suggestions,
        "search": search,
        "query": query,
        "results": results,
    }


@never_cache
@login_required
def my_organisations(request):
    """The person's organisations, their open requests and invitations, the organisations
    their verified address suggests, and a search to ask to join one."""
    return render(request, "network/my_organisations.html", _my_context(request))


@require_POST
@login_required
def ask_to_join(request, slug):
    organisation = get_object_or_404(joining.joinable_organisations(), slug=slug)
    form = AskToJoinForm(request.POST, prefix=f"ask-{organisation.pk}")
    if form.is_valid():
        try:
            joining.ask_to_join(
                user=request.user,
                organisation=organisation,
                message=form.cleaned_data["message"],
            )
        except ValidationError as error:
            _refused(request, error)
        else:
            messages.success(
                request,
                _(
                    "Your request to join %(organisation)s has been sent to its leads. We will "
                    "email you their answer."
                )
                % {"organisation": organisation.name},
            )
        return redirect("network:organisations")
    context = _my_context(request, ask_forms={organisation.pk: form})
    return render(request, "network/my_organisations.html", context, status=400)


@require_POST
@login_required
def withdraw_request(request, pk):
    join_request = get_object_or_404(
        JoinRequest.objects.visible_to(request.user).filter(user=request.user), pk=pk
    )
    try:
        joining.withdraw(join_request=join_request, by=request.user)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(
            request,
            _("Your request to join %(organisation)s is withdrawn.")
            % {"organisation": join_request.organisation.name},
        )
    return redirect("network:organisations")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def leave(request, slug):
    membership = get_object_or_404(
        Membership.objects.visible_to(request.user).select_related("organisation"),
        user=request.user,
        organisation__slug=slug,
    )
    back_url = reverse("network:organisations")
    if request.method == "POST":
        try:
            joining.remove(membership=membership, by=request.user)
        except ValidationError as error:
            _refused(request, error)
        else:
            messages.success(
                request,
                _("You have left %(organisation)s.")
                % {"organisation": membership.organisation.name},
            )
        return redirect(back_url)
    return render(
        request,
        "network/people_confirm.html",
        {
            "title": _("Leave %(organisation)s?") % {"organisation": membership.organisation.name},
            "facts": [
                (_("Organisation"), membership.organisation.name),
                (_("Your role"), membership.get_role_display()),
            ],
            "consequences": [
                _(
                    "You can no longer book office hours for it, nor file or read its help-desk "
                    "requests."
                ),
                _("To come back, ask to join again: its leads decide."),
            ],
            "confirm": _("Leave the organisation"),
            "back": _("Stay"),
            "back_url": back_url,
        },
    )


# --- An invitation ---


@never_cache
@require_http_methods(["GET", "POST"])
def invitation(request, key):
    """The link in an invitation email: shows it; accepting is a POST by the invited
    person, signed in with the invited address."""
    invite = get_object_or_404(Invitation.objects.select_related("organisation"), key=key)
    if request.method == "POST":
        if not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        try:
            joining.accept_invitation(invitation=invite, user=request.user)
        except ValidationError as error:
            _refused(request, error)
            return redirect(request.path)
        messages.success(
            request,
            _("Welcome to %(organisation)s.") % {"organisation": invite.organisation.name},
        )
        return redirect("network:organisations")
    return render(
        request,
        "network/invitation.html",
        {
            "invitation": invite,
            "is_open": not (invite.accepted_at or invite.revoked_at),
            "is_mine": invite.email in joining.verified_addresses(request.user),
        },
    )


# --- A lead's page: their organisation's people ---


def _managed(request, slug) -> Organisation:
    """The organisation, if the person leads it or is a coordinator; 404 otherwise."""
    organisation = get_object_or_404(Organisation, slug=slug)
    if not joining.can_manage(request.user, organisation):
        raise Http404
    return organisation


def _people_url(organisation) -> str:
    return reverse("network:organisation-people", args=[organisation.slug])


def _people_context(request, organisation, *, invite_form=None) -> dict:
    user = request.user
    requests = (
        JoinRequest.objects.visible_to(user)
        .pending()
        .filter(organisation=organisation)
        .select_related("user")
        .order_by("created_at")
    )
    people = (
        Membership.objects.visible_to(user)
        .filter(organisation=organisation)
        .select_related("user")
        .order_by("-role", "user__full_name")
    )
    invitations = (
        Invitation.objects.visible_to(user)
        .open()
        .filter(organisation=organisation)
        .select_related("invited_by")
    )
    return {
        "organisation": organisation,
        "requests": [(item, ApproveForm(prefix=f"approve-{item.pk}")) for item in requests],
        "people": [
            (
                membership,
                RoleForm(prefix=f"role-{membership.pk}", initial={"role": membership.role}),
            )
            for membership in people
        ],
        "invitations": invitations,
        "invite_form": invite_form or InviteForm(),
    }


@never_cache
@login_required
def organisation_people(request, slug):
    organisation = _managed(request, slug)
    return render(
        request, "network/organisation_people.html", _people_context(request, organisation)
    )


@require_POST
@login_required
def invite(request, slug):
    organisation = _managed(request, slug)
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            joining.invite(
                organisation=organisation,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error("email", error)
        else:
            messages.success(
                request,
                _("We have emailed an invitation to %(email)s.")
                % {"email": form.cleaned_data["email"]},
            )
            return redirect(_people_url(organisation) + "#invitations")
    context = _people_context(request, organisation, invite_form=form)
    return render(request, "network/organisation_people.html", context, status=400)


def _request_of(request, organisation, pk) -> JoinRequest:
    return get_object_or_404(
        JoinRequest.objects.visible_to(request.user)
        .filter(organisation=organisation)
        .select_related("user", "organisation"),
        pk=pk,
    )


@require_POST
@login_required
def approve(request, slug, pk):
    organisation = _managed(request, slug)
    join_request = _request_of(request, organisation, pk)
    form = ApproveForm(request.POST, prefix=f"approve-{pk}")
    role = form.cleaned_data["role"] if form.is_valid() else Membership.Role.MEMBER
    try:
        joining.approve(join_request=join_request, by=request.user, role=role)
    except (ValidationError, PermissionDenied) as error:
        _refused(request, error)
    else:
        messages.success(
            request,
            _("%(person)s is now a member of %(organisation)s. We have emailed them.")
            % {"person": join_request.user.full_name, "organisation": organisation.name},
        )
    return redirect(_people_url(organisation))


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def decline(request, slug, pk):
    organisation = _managed(request, slug)
    join_request = _request_of(request, organisation, pk)
    form = DeclineForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            joining.decline(
                join_request=join_request, by=request.user, note=form.cleaned_data["note"]
            )
        except (ValidationError, PermissionDenied) as error:
            _refused(request, error)
        else:
            messages.success(
                request,
                _("The request of %(person)s is declined. We have emailed them.")
                % {"person": join_request.user.full_name},
            )
        return redirect(_people_url(organisation))
    return render(
        request,
        "network/people_confirm.html",
        {
            "organisation": organisation,
            "title": _("Decline this request?"),
            "facts": [
                (_("Person"), join_request.user.full_name),
                (_("Email"), join_request.user.email),
                (_("Message"), join_request.message or "—"),
            ],
            "consequences": [
                _("We email them that the request was declined, with your note if you write one."),
                _("They may ask again later."),
            ],
            "form": form,
            "confirm": _("Decline the request"),
            "back": _("Back to the people"),
            "back_url": _people_url(organisation),
        },
    )


def _membership_of(request, organisation, pk) -> Membership:
    return get_object_or_404(
        Membership.objects.visible_to(request.user)
        .filter(organisation=organisation)
        .select_related("user", "organisation"),
        pk=pk,
    )


@require_POST
@login_required
def change_role(request, slug, pk):
    organisation = _managed(request, slug)
    membership = _membership_of(request, organisation, pk)
    form = RoleForm(request.POST, prefix=f"role-{pk}")
    if not form.is_valid():
        messages.error(request, _("Choose a role from the list."))
        return redirect(_people_url(organisation))
    try:
        changed = joining.change_role(
            membership=membership, role=form.cleaned_data["role"], by=request.user
        )
    except (ValidationError, PermissionDenied) as error:
        _refused(request, error)
    else:
        messages.success(
            request,
            _("%(person)s's role is now: %(role)s.")
            % {"person": changed.user.full_name, "role": changed.get_role_display().lower()},
        )
    return redirect(_people_url(organisation))


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def remove(request, slug, pk):
    organisation = _managed(request, slug)
    membership = _membership_of(request, organisation, pk)
    if request.method == "POST":
        try:
            joining.remove(membership=membership, by=request.user)
        except (ValidationError, PermissionDenied) as error:
            _refused(request, error)
        else:
            messages.success(
                request,
                _("%(person)s is no longer a member of %(organisation)s.")
                % {"person": membership.user.full_name, "organisation": organisation.name},
            )
        if membership.user_id == request.user.pk and not request.user.is_coordinator:
            return redirect("network:organisations")
        return redirect(_people_url(organisation))
    return render(
        request,
        "network/people_confirm.html",
        {
            "organisation": organisation,
            "title": _("Remove %(person)s?") % {"person": membership.user.full_name},
            "facts": [
                (_("Person"), membership.user.full_name),
                (_("Email"), membership.user.email),
                (_("Role"), membership.get_role_display()),
            ],
            "consequences": [
                _(
                    "They can no longer book office hours for the organisation, nor file or "
                    "read its help-desk requests, from now on."
                ),
                _("What they did stays: their bookings and requests remain the organisation's."),
            ],
            "confirm": _("Remove from the organisation"),
            "back": _("Keep them"),
            "back_url": _people_url(organisation),
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def revoke(request, slug, pk):
    organisation = _managed(request, slug)
    invite_row = get_object_or_404(
        Invitation.objects.visible_to(request.user).open().filter(organisation=organisation),
        pk=pk,
    )
    if request.method == "POST":
        try:
            joining.revoke_invitation(invitation=invite_row, by=request.user)
        except (ValidationError, PermissionDenied) as error:
            _refused(request, error)
        else:
            messages.success(
                request,
                _("The invitation to %(email)s is withdrawn.") % {"email": invite_row.email},
            )
        return redirect(_people_url(organisation) + "#invitations")
    return render(
        request,
        "network/people_confirm.html",
        {
            "organisation": organisation,
            "title": _("Withdraw this invitation?"),
            "facts": [(_("Email"), invite_row.email), (_("Role"), invite_row.get_role_display())],
            "consequences": [
                _("The link in the invitation email stops working."),
                _("You can invite the address again later."),
            ],
            "confirm": _("Withdraw the invitation"),
            "back": _("Keep it"),
            "back_url": _people_url(organisation) + "#invitations",
        },
    )
