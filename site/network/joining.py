"""Joining one's organisation: asking to join, the leads' (or coordinators') decision,
invitations by email, roles, leaving, and the organisations a verified address suggests.

Every write here is one transaction with keyword-only arguments: it checks who may do it
(the views check first, and answer another organisation's objects with a 404), validates
the row (`full_clean()`) before saving it, logs the change with one call (`_log`, Wagtail's
`log()`, naming who did it), and queues its emails, sent once the transaction commits, in
each recipient's language.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from .freemail import domain_of, is_free_mail
from .mail import queue_email, render_email
from .models import (
    COORDINATORS_GROUP,
    Invitation,
    JoinRequest,
    Membership,
    Organisation,
    OrganisationDomain,
    User,
)

Role = Membership.Role
Status = JoinRequest.Status


# --- Reads ---


def joinable_organisations():
    """The organisations a person may ask to join on the site: the network's members and
    community organisations (partners and cities on their way in are joined through the
    coordinators)."""
    return Organisation.objects.filter(
        Q(is_member=True) | Q(kind=Organisation.Kind.COMMUNITY)
    ).order_by("name")


def can_manage(user, organisation) -> bool:
    """Whether a person decides who belongs to an organisation: its leads, and coordinators."""
    if not user.is_authenticated:
        return False
    return (
        user.is_coordinator
        or Membership.objects.leads().filter(user=user, organisation=organisation).exists()
    )


def managed_organisations(user):
    """The organisations whose people a person manages on the site (those they lead)."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(
        memberships__user=user, memberships__role=Role.LEAD
    ).order_by("name")


def verified_addresses(user) -> list[str]:
    from allauth.account.models import EmailAddress

    if not user.is_authenticated:
        return []
    return [
        address.lower()
        for address in EmailAddress.objects.filter(user=user, verified=True).values_list(
            "email", flat=True
        )
    ]


def suggested_organisations(user):
    """Organisations whose verified domain is the domain of one of the person's verified
    addresses (never a free-mail domain), which they neither belong to nor asked to join."""
    domains = {domain_of(address) for address in verified_addresses(user)}
    domains = [domain for domain in domains if domain and not is_free_mail(domain)]
    if not domains:
        return Organisation.objects.none()
    return (
        joinable_organisations()
        .filter(domains__domain__in=domains)
        .exclude(memberships__user=user)
        .exclude(join_requests__user=user, join_requests__status=Status.PENDING)
        .distinct()
    )


def invitations_for(user):
    """The open invitations sent to one of the person's verified addresses: theirs to accept
    (Invitation.objects.visible_to() is the inviting side's read)."""
    addresses = verified_addresses(user)
    if not addresses:
        return Invitation.objects.none()
    return Invitation.objects.open().filter(email__in=addresses).select_related("organisation")


# --- Telling people ---


def _absolute(name: str, language: str, *args) -> str:
    with translation.override(language):
        path = reverse(name, args=args)
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _send(template: str, *, to: str, language: str, context: dict) -> None:
    queue_email(render_email(template=template, context=context, to=[to], language=language))


def _deciders(organisation) -> list:
    """Who is told of a request to join: the organisation's leads, or without any, the hub's
    coordinators."""
    people = list(
        User.objects.filter(
            memberships__organisation=organisation,
            memberships__role=Role.LEAD,
            is_active=True,
            closed_at__isnull=True,
        )
    )
    if not people:
        people = list(
            User.objects.filter(
                groups__name=COORDINATORS_GROUP, is_active=True, closed_at__isnull=True
            ).distinct()
        )
    return people


def _notify_deciders(join_request: JoinRequest) -> None:
    organisation = join_request.organisation
    for person in _deciders(organisation):
        manage_url = (
            _absolute("network:organisation-people", person.language, organisation.slug)
            if Membership.objects.leads().filter(user=person, organisation=organisation).exists()
            else _absolute("joinrequest:index", person.language)
        )
        _send(
            "joining_asked",
            to=person.email,
            language=person.language,
            context={
                "person": person,
                "asker": join_request.user,
                "organisation": organisation,
                "message": join_request.message,
                "link": manage_url,
            },
        )


def _notify_decision(join_request: JoinRequest) -> None:
    person = join_request.user
    approved = join_request.status == Status.APPROVED
    _send(
        "joining_approved" if approved else "joining_declined",
        to=person.email,
        language=person.language,
        context={
            "person": person,
            "organisation": join_request.organisation,
            "note": join_request.decision_note,
            "link": _absolute("network:organisations", person.language),
        },
    )


# --- Checks ---


def _require_manager(by, organisation) -> None:
    if not can_manage(by, organisation):
        raise PermissionDenied(
            _("Only the organisation's leads and the hub's coordinators can do this.")
        )


def _lock(join_request: JoinRequest) -> JoinRequest:
    locked = (
        JoinRequest.objects.select_for_update()
        .select_related("user", "organisation")
        .get(pk=join_request.pk)
    )
    if locked.status != Status.PENDING:
        raise ValidationError(
            _("This request was already decided: %(status)s.")
            % {"status": locked.get_status_display().lower()}
        )
    return locked


def _close(join_request: JoinRequest, *, status: str, by, note: str = "") -> JoinRequest:
    join_request.status = status
    join_request.decided_at = timezone.now()
    join_request.decided_by = by
    join_request.decision_note = note
    join_request.full_clean()
    join_request.save()
    return join_request


# --- The audit trail ---


def _facts(row) -> dict:
    """What every entry about a row says, so that it reads alone once the row is gone: the
    organisation, and the person (or the invited address, or the domain)."""
    facts = {"organisation": row.organisation.name, "organisation_id": row.organisation_id}
    if isinstance(row, Invitation):
        facts.update(email=row.email, role=row.role)
    elif isinstance(row, OrganisationDomain):
        facts.update(domain=row.domain)
    else:  # a membership or a request to join
        facts.update(person=row.user.email, person_id=row.user_id)
    if isinstance(row, Membership):
        facts["role"] = row.role
    return facts


def _log(row, action: str, *, by, **data) -> None:
    """One entry in the admin's history of the row (wagtail_hooks names the action): who did
    it (`by`; None for the system) and what changed."""
    log(row, action, user=by, data={**_facts(row), **data})


def _add_membership(*, user, organisation, role: str, by, how: str) -> Membership:
    membership = Membership(user=user, organisation=organisation, role=role)
    membership.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            membership.save()
    except IntegrityError as error:
        raise ValidationError(
            _("%(person)s is already a member of %(organisation)s.")
            % {"person": user, "organisation": organisation}
        ) from error
    _log(membership, "network.membership.add", by=by, how=how)
    return membership


# --- Asking to join ---


@transaction.atomic
def ask_to_join(*, user, organisation: Organisation, message: str = "") -> JoinRequest:
    """A signed-in person asks to join an organisation; its leads (or, without leads, the
    coordinators) are told by email."""
    if not joinable_organisations().filter(pk=organisation.pk).exists():
        raise ValidationError(
            _("%(organisation)s is not open to requests on the site: write to the hub's team.")
            % {"organisation": organisation}
        )
    if Membership.objects.filter(user=user, organisation=organisation).exists():
        raise ValidationError(
            _("You are already a member of %(organisation)s.") % {"organisation": organisation}
        )
    if JoinRequest.objects.pending().filter(user=user, organisation=organisation).exists():
        raise ValidationError(
            _("You have already asked to join %(organisation)s: its leads will decide soon.")
            % {"organisation": organisation}
        )
    join_request = JoinRequest(user=user, organisation=organisation, message=message.strip())
    join_request.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            join_request.save()
    except IntegrityError as error:  # the same request sent twice at once
        raise ValidationError(
            _("You have already asked to join %(organisation)s: its leads will decide soon.")
            % {"organisation": organisation}
        ) from error
    _log(join_request, "network.join_request.ask", by=user)
    _notify_deciders(join_request)
    return join_request


@transaction.atomic
def withdraw(*, join_request: JoinRequest, by) -> JoinRequest:
    """The person who asked takes their request back."""
    if join_request.user_id != by.pk:
        raise PermissionDenied(_("Only the person who asked can withdraw this request."))
    join_request = _close(_lock(join_request), status=Status.WITHDRAWN, by=by)
    _log(join_request, "network.join_request.withdraw", by=by)
    return join_request


@transaction.atomic
def approve(*, join_request: JoinRequest, by, role: str = Role.MEMBER) -> Membership:
    """Make the person a member (or lead) of the organisation and tell them. The request is
    locked first: two leads approving at once give one membership and one email."""
    _require_manager(by, join_request.organisation)
    join_request = _lock(join_request)
    if role not in Role.values:
        raise ValidationError(_("Choose a role from the list."))
    _close(join_request, status=Status.APPROVED, by=by)
    membership = Membership.objects.filter(
        user=join_request.user, organisation=join_request.organisation
    ).first() or _add_membership(
        user=join_request.user,
        organisation=join_request.organisation,
        role=role,
        by=by,
        how="join_request",
    )
    _log(join_request, "network.join_request.approve", by=by, role=role)
    _notify_decision(join_request)
    return membership


@transaction.atomic
def decline(*, join_request: JoinRequest, by, note: str = "") -> JoinRequest:
    """Say no, with an optional note the person reads in the email."""
    _require_manager(by, join_request.organisation)
    join_request = _close(_lock(join_request), status=Status.DECLINED, by=by, note=note.strip())
    _log(join_request, "network.join_request.decline", by=by, note=join_request.decision_note)
    _notify_decision(join_request)
    return join_request


# --- Invitations ---


@transaction.atomic
def invite(*, organisation: Organisation, email: str, role: str = Role.MEMBER, by) -> Invitation:
    """Invite an address to join the organisation: an email with a link to accept."""
    _require_manager(by, organisation)
    email = email.strip().lower()
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise ValidationError(
            _("%(email)s is already a member of %(organisation)s.")
            % {"email": email, "organisation": organisation}
        )
    if organisation.invitations.open().filter(email=email).exists():
        raise ValidationError(
            _("%(email)s has already been invited: withdraw that invitation to send a new one.")
            % {"email": email}
        )
    invitation = Invitation(organisation=organisation, email=email, role=role, invited_by=by)
    invitation.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            invitation.save()
    except IntegrityError as error:
        raise ValidationError(
            _("%(email)s has already been invited: withdraw that invitation to send a new one.")
            % {"email": email}
        ) from error
    _log(invitation, "network.invitation.send", by=by)
    known = User.objects.filter(email__iexact=email, closed_at__isnull=True).first()
    language = known.language if known else (getattr(by, "language", "") or "en")
    _send(
        "joining_invitation",
        to=email,
        language=language,
        context={
            "person": known,
            "inviter": by,
            "organisation": organisation,
            "role": invitation.get_role_display,
            "is_lead": role == Role.LEAD,
            "link": _absolute("network:invitation", language, invitation.key),
        },
    )
    return invitation


def _lock_invitation(invitation: Invitation) -> Invitation:
    locked = (
        Invitation.objects.select_for_update().select_related("organisation").get(pk=invitation.pk)
    )
    if locked.revoked_at:
        raise ValidationError(_("This invitation has been withdrawn."))
    if locked.accepted_at:
        raise ValidationError(_("This invitation has already been accepted."))
    return locked


@transaction.atomic
def accept_invitation(*, invitation: Invitation, user) -> Membership:
    """The invited person joins: signed in with the invited address, verified."""
    invitation = _lock_invitation(invitation)
    if invitation.email not in verified_addresses(user):
        raise ValidationError(
            _(
                "This invitation was sent to %(email)s. Sign in with that address, or add it "
                "to your account and verify it, to accept."
            )
            % {"email": invitation.email}
        )
    organisation = invitation.organisation
    membership = Membership.objects.filter(user=user, organisation=organisation).first()
    if membership is None:
        membership = _add_membership(
            user=user, organisation=organisation, role=invitation.role, by=user, how="invitation"
        )
    elif invitation.role == Role.LEAD and membership.role != Role.LEAD:
        previous = membership.role
        membership.role = Role.LEAD
        membership.full_clean(validate_constraints=False)
        membership.save(update_fields=["role"])
        _log(membership, "network.membership.role", by=user, previous=previous, how="invitation")
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.full_clean(validate_constraints=False)
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    _log(invitation, "network.invitation.accept", by=user)
    # A request to join the same organisation has its answer: the inviter's.
    for pending in JoinRequest.objects.pending().filter(user=user, organisation=organisation):
        _close(pending, status=Status.APPROVED, by=invitation.invited_by)
        _log(pending, "network.join_request.approve", by=user, how="invitation")
    return membership


@transaction.atomic
def revoke_invitation(*, invitation: Invitation, by) -> Invitation:
    """Withdraw an invitation: its link stops working."""
    _require_manager(by, invitation.organisation)
    invitation = _lock_invitation(invitation)
    invitation.revoked_at = timezone.now()
    invitation.full_clean(validate_constraints=False)
    invitation.save(update_fields=["revoked_at"])
    _log(invitation, "network.invitation.revoke", by=by)
    return invitation


# --- People in an organisation ---


def _other_leads(membership: Membership):
    # Locking the organisation's leads makes two leads demoting each other at once wait
    # for one another, so one of them stays.
    return (
        Membership.objects.select_for_update()
        .leads()
        .filter(organisation_id=membership.organisation_id)
        .exclude(pk=membership.pk)
    )


def _keeps_a_lead(membership: Membership, by) -> None:
    if membership.role != Role.LEAD or by.is_coordinator:
        return
    if not list(_other_leads(membership)):
        raise ValidationError(
            _(
                "%(organisation)s would have no lead left. Make someone else a lead first, "
                "or ask the hub's coordinators."
            )
            % {"organisation": membership.organisation}
        )


@transaction.atomic
def add_member(*, organisation: Organisation, user, role: str = Role.MEMBER, by) -> Membership:
    """Coordinators add a person to an organisation directly (the admin)."""
    _require_manager(by, organisation)
    return _add_membership(user=user, organisation=organisation, role=role, by=by, how="added")


@transaction.atomic
def change_role(*, membership: Membership, role: str, by) -> Membership:
    """Make a member a lead, or a lead a member; an organisation with leads keeps one,
    unless a coordinator decides otherwise."""
    _require_manager(by, membership.organisation)
    if role not in Role.values:
        raise ValidationError(_("Choose a role from the list."))
    membership = (
        Membership.objects.select_for_update()
        .select_related("user", "organisation")
        .get(pk=membership.pk)
    )
    if membership.role == role:
        return membership
    if role != Role.LEAD:
        _keeps_a_lead(membership, by)
    previous = membership.role
    membership.role = role
    membership.full_clean(validate_constraints=False)
    membership.save(update_fields=["role"])
    _log(membership, "network.membership.role", by=by, previous=previous)
    return membership


@transaction.atomic
def remove(*, membership: Membership, by) -> None:
    """Take a person out of an organisation (a lead or coordinator), or leave it oneself.
    Office hours and the help desk close to them from their next request: both read the
    memberships afresh on each (the help desk with the roles, User.memberships_held)."""
    membership = (
        Membership.objects.select_for_update()
        .select_related("user", "organisation")
        .get(pk=membership.pk)
    )
    if membership.user_id != by.pk:
        _require_manager(by, membership.organisation)
    _keeps_a_lead(membership, by)
    how = "left" if membership.user_id == by.pk else "removed"
    _log(membership, "network.membership.remove", by=by, how=how)
    membership.delete()


@transaction.atomic
def end_memberships(*, user, by) -> None:
    """A closed account (network.personal_data.close_account): the person leaves every
    organisation, their open requests to join are withdrawn, and the invitations open to
    their address go; each logged. No lead is kept: the person is gone."""
    memberships = (
        Membership.objects.select_for_update().filter(user=user).select_related("organisation")
    )
    for membership in memberships:
        _log(membership, "network.membership.remove", by=by, how="account_closed")
        membership.delete()
    pending = JoinRequest.objects.pending().filter(user=user).select_related("organisation")
    for join_request in pending:
        _close(join_request, status=Status.WITHDRAWN, by=by)
        _log(join_request, "network.join_request.withdraw", by=by, how="account_closed")
    for invitation in Invitation.objects.open().filter(email=user.email.lower()):
        _log(invitation, "network.invitation.revoke", by=by, how="account_closed")
        invitation.delete()


# --- Verified domains ---


def clean_domain(domain: str) -> str:
    """A domain as stored (lower case, no @ or trailing dot), refusing free-mail providers."""
    domain = domain.strip().lower().lstrip("@").rstrip(".")
    if "@" in domain:
        domain = domain_of(domain)
    if not domain or "." not in domain or " " in domain:
        raise ValidationError(_("Enter a domain such as boise.gov (the part after the @)."))
    if is_free_mail(domain):
        raise ValidationError(
            _(
                "%(domain)s is a free-mail provider: anyone can have an address there, so it "
                "cannot say who works for an organisation."
            )
            % {"domain": domain}
        )
    return domain


@transaction.atomic
def verify_domain(*, organisation: Organisation, domain: str, by) -> OrganisationDomain:
    """Coordinators record that a domain belongs to an organisation."""
    if not by.is_coordinator:
        raise PermissionDenied(_("Only the hub's coordinators can verify a domain."))
    row = OrganisationDomain(organisation=organisation, domain=clean_domain(domain), verified_by=by)
    row.full_clean()
    row.save()
    _log(row, "network.domain.verify", by=by)
    return row


@transaction.atomic
def remove_domain(*, domain: OrganisationDomain, by) -> None:
    """Coordinators take a domain off an organisation: it suggests it to nobody any more."""
    if not by.is_coordinator:
        raise PermissionDenied(_("Only the hub's coordinators can verify a domain."))
    _log(domain, "network.domain.remove", by=by)
    domain.delete()
