"""The membership pipeline: a city expresses interest, coordinators move it through the
stages (interested, engaged, committed, member), each move dated, noted and logged.

A member is a city in the last stage: `move_to_stage` to MEMBER sets `is_member` and
`member_since`, which put it in the member-city directory; moving it out clears both.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from .mail import compose, queue_email, render_text
from .models import COORDINATORS_GROUP, InterestExpression, Organisation, PipelineStep, User

Stage = Organisation.Stage

# Who may join through the public form: city governments. A county or regional government
# is recorded as a city government too (Organisation.Kind has no kind of its own for it).
JOINING_KINDS = (Organisation.Kind.CITY,)


# --- Expressing interest ---


@transaction.atomic
def express_interest(
    *,
    organisation_name: str,
    kind: str,
    country: str,
    region: str,
    website: str,
    contact_name: str,
    contact_role: str,
    contact_email: str,
    contact_phone: str,
    why_now: str,
    language: str,
    user=None,
) -> InterestExpression:
    """A city (or other local government) says it would like to join: a prospective
    organisation in the pipeline's first stage (or the one already there, if it is not a
    member yet), the expression of interest, an acknowledgement to the contact person and a
    notice to the coordinators."""
    name = " ".join((organisation_name or "").split())
    if kind not in JOINING_KINDS:
        raise ValidationError(
            {"kind": _("Membership is for city governments and other local governments.")}
        )
    if not region:
        raise ValidationError({"region": _("Choose the province or state.")})
    limit = InterestExpression._meta.get_field("why_now").max_length
    if len((why_now or "").strip()) > limit:
        # A TextField's max_length is the form's, not the model's: checked here.
        raise ValidationError(
            {"why_now": _("Keep it to %(limit)s characters, please.") % {"limit": limit}}
        )
    today = timezone.localdate()
    organisation = (
        Organisation.objects.select_for_update()
        .filter(name__iexact=name, country=country)
        .order_by("pk")
        .first()
    )
    if organisation is not None and organisation.is_member:
        raise ValidationError(
            {
                "organisation_name": _(
                    "%(name)s is already a member of the network. Its officials can sign up on "
                    "this site and ask to join it."
                )
                % {"name": organisation.name}
            }
        )
    if organisation is not None and organisation.kind not in JOINING_KINDS:
        raise ValidationError(
            {
                "organisation_name": _(
                    "An organisation of this name works with the hub already, and it is not a "
                    "local government. Write to the hub team if this is your city."
                )
            }
        )
    new_to_pipeline = organisation is None or not organisation.stage
    if organisation is None:
        organisation = Organisation(
            name=name,
            kind=kind,
            country=country,
            region=region,
            website=website or "",
            slug=_free_slug(name, region),
        )
    elif website and not organisation.website:
        organisation.website = website
    if new_to_pipeline:
        organisation.stage = Stage.INTERESTED
        organisation.stage_since = today
    organisation.full_clean()
    organisation.save()

    expression = InterestExpression(
        organisation=organisation,
        contact_name=" ".join((contact_name or "").split()),
        contact_role=(contact_role or "").strip(),
        contact_email=(contact_email or "").strip().lower(),
        contact_phone=(contact_phone or "").strip(),
        why_now=(why_now or "").strip(),
        language=language,
        user=user if user is not None and user.is_authenticated else None,
    )
    expression.full_clean()
    expression.save()
    if new_to_pipeline:
        step = PipelineStep(
            organisation=organisation,
            stage=Stage.INTERESTED,
            on=today,
            note=_("Expressed interest on the website (%(contact)s).")
            % {"contact": expression.contact_name},
        )
        step.full_clean()
        step.save()
    log(
        organisation,
        "network.organisation.interest",
        user=expression.user,
        data={
            "contact": expression.contact_name,
            "expression": expression.pk,
            "stage": organisation.stage,
        },
    )
    _acknowledge(expression)
    _tell_coordinators(expression)
    return expression


def _free_slug(name: str, region: str) -> str:
    """A slug no organisation has: the name's, else with the province or state (two
    Londons), else numbered."""
    base = slugify(name)[:180] or "organisation"
    candidates = [base, f"{base}-{slugify(region)}"]
    candidates += [f"{base}-{slugify(region)}-{number}" for number in range(2, 50)]
    taken = set(Organisation.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    return next(slug for slug in candidates if slug not in taken)


# --- Moving through the pipeline ---


@transaction.atomic
def move_to_stage(*, organisation: Organisation, stage: str, on: datetime.date, note: str, by):
    """Record that a city reached a stage on a date. Member: it joins the network (and the
    directory) from that date; out of member: it leaves the network."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if stage not in Stage.values:
        raise ValidationError({"stage": _("Choose a stage of the membership pipeline.")})
    if organisation.kind not in JOINING_KINDS:
        raise ValidationError(
            _("Only a city or other local government moves through the membership pipeline.")
        )
    if on is None:
        raise ValidationError({"on": _("Give the date.")})
    if on > timezone.localdate():
        raise ValidationError({"on": _("The date cannot be in the future.")})
    if stage == organisation.stage:
        raise ValidationError(
            {"stage": _("%(name)s is already in this stage.") % {"name": organisation.name}}
        )
    before = organisation.stage
    organisation.stage = stage
    organisation.stage_since = on
    organisation.is_member = stage == Stage.MEMBER
    organisation.member_since = on if stage == Stage.MEMBER else None
    organisation.full_clean()
    organisation.save()
    step = PipelineStep(
        organisation=organisation, stage=stage, on=on, note=(note or "").strip(), by=by
    )
    step.full_clean()
    step.save()
    log(
        organisation,
        "network.organisation.stage",
        user=by,
        data={"from": before, "to": stage, "on": on.isoformat(), "note": step.note},
    )
    return organisation


# --- Telling people ---


def _email(*, template: str, context: dict, to: str, language: str, family: str = ""):
    with translation.override(language):
        subject = render_text(f"email/{template}_subject.txt", context).strip()
        text = render_text(f"email/{template}_message.txt", context)
    return compose(subject=subject, text=text, to=[to], language=language, family=family)


def _acknowledge(expression: InterestExpression) -> None:
    """The contact person hears, in their language, that the hub has it and what follows."""
    with translation.override(expression.language):
        membership = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("network:join-network")
    queue_email(
        _email(
            template="network_interest_received",
            context={
                "expression": expression,
                "organisation": expression.organisation,
                "link": membership,
            },
            to=expression.contact_email,
            language=expression.language,
            # "This address was entered on the hub's website; if it was not you, ignore it."
            family="account",
        )
    )


def coordinators():
    return User.objects.filter(
        groups__name=COORDINATORS_GROUP, is_active=True, closed_at__isnull=True
    ).distinct()


def _tell_coordinators(expression: InterestExpression) -> None:
    link = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "organisation:edit", args=[expression.organisation_id]
    )
    for person in coordinators():
        queue_email(
            _email(
                template="network_interest_notice",
                context={
                    "expression": expression,
                    "organisation": expression.organisation,
                    "link": link,
                    "person": person,
                },
                to=person.email,
                language=person.language,
            )
        )
