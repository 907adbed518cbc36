"""Every write on the applicant's side of grants: the organisation's applicant profile,
starting an application after the call's eligibility check, saving drafts (answers and
files), submitting a concept note or a proposal (with its receipt email), withdrawing.

The contract (as help-desk services): keyword-only arguments, `full_clean()` before saving,
one transaction, a `ValidationError` a person can act on, and each change of state logged
with Wagtail's `log()` naming who did it (the actions are registered in grants.apply_hooks).
Who may do what: the members of the applying organisation, nobody else (`PermissionDenied`,
which views answer with a 404).
"""

import dataclasses
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.log_actions import log
from wagtail.models import Locale

from network.mail import queue_email, render_email
from network.models import Membership, Organisation
from pages import dates

from . import engine
from .models import ApplicantProfile, Application, CallPage, GrantFile, Stage

Status = Application.Status
PROFILE_FIELDS = (
    "legal_name",
    "registration_number",
    "uei",
    "address",
    "contact_name",
    "contact_email",
    "contact_phone",
    "finance_contact",
)


# --- Who may apply ---


def is_member(user, organisation) -> bool:
    return (
        user.is_authenticated
        and Membership.objects.filter(user=user, organisation=organisation).exists()
    )


def applying_organisations(user):
    """The community organisations this person may apply for."""
    return (
        Organisation.objects.of_user(user).filter(kind=Organisation.Kind.COMMUNITY).order_by("name")
    )


def _require_member(user, organisation) -> None:
    if not is_member(user, organisation):
        raise PermissionDenied


def in_reader_language(call: CallPage) -> CallPage:
    """The call's page in the active language, or the page itself."""
    try:
        active = Locale.get_active()
    except Locale.DoesNotExist:
        return call
    found = call.get_translation_or_none(active)
    return found.specific if found is not None and found.live else call


def reader_parts(call: CallPage, stage: str) -> list:
    """The stage's form as the reader meets it: the CANONICAL call's sections and questions
    (what is asked, required and kept), each with its label, help and options' labels from
    the reader's translation (matched by key; sections by position) when it has them. A
    question the translation lacks keeps the canonical label, with `extra["lang"]` naming
    the canonical page's language for the page to mark it."""
    canonical = call.canonical
    found = engine.parts(canonical.form_for(stage))
    reader = in_reader_language(canonical)
    if reader.pk == canonical.pk:
        return found
    lang = canonical.locale.language_code
    translated = engine.parts(reader.form_for(stage))
    by_key = {
        part.key: part for part in translated if isinstance(part, engine.Question) and part.key
    }
    sections = [part for part in translated if isinstance(part, engine.Section)]
    canonical_sections = [part for part in found if isinstance(part, engine.Section)]
    same_sections = len(sections) == len(canonical_sections)
    merged, section_index = [], 0
    for part in found:
        if isinstance(part, engine.Section):
            if same_sections:
                merged.append(sections[section_index])
            else:
                merged.append(part)
            section_index += 1
            continue
        other = by_key.get(part.key)
        if other is None or not part.key:
            merged.append(dataclasses.replace(part, extra={**part.extra, "lang": lang}))
            continue
        labels = dict(other.options)
        merged.append(
            dataclasses.replace(
                part,
                label=other.label or part.label,
                help_text=other.help_text,
                options=tuple((key, labels.get(key) or label) for key, label in part.options),
            )
        )
    return merged


def reader_questions(call: CallPage, stage: str) -> list:
    """The canonical questions with the reader's labels (see reader_parts)."""
    return [
        part for part in reader_parts(call, stage) if isinstance(part, engine.Question) and part.key
    ]


def can_send(application: Application) -> bool:
    """A draft is sent only while its call is open; a resubmission after changes were
    asked, or a full proposal the hub invited, may be sent after the deadline."""
    if application.status != Status.DRAFT or application.invited:
        return True
    return application.call.canonical.is_open()


def closed_message(call: CallPage) -> str:
    call = call.canonical
    if call.deadline and call.deadline <= timezone.now():
        return _("This call closed on %(date)s; applications can no longer be sent.") % {
            "date": dates.format_datetime(call.deadline, None)
        }
    return _("This call is not open for applications.")


# --- The applicant profile ---


@transaction.atomic
def save_profile(*, organisation, by, **fields) -> ApplicantProfile:
    """Fill or change the organisation's applicant profile (what every application sends
    about it). Only its members may."""
    _require_member(by, organisation)
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown profile fields: {', '.join(sorted(unknown))}")
    profile = ApplicantProfile.objects.select_for_update().filter(organisation=organisation).first()
    created = profile is None
    if created:
        profile = ApplicantProfile(organisation=organisation)
    for name, value in fields.items():
        setattr(profile, name, value.strip() if isinstance(value, str) else value)
    if profile.uei:
        profile.uei = profile.uei.upper()
    profile.updated_by = by
    profile.full_clean()
    profile.save()
    log(
        profile,
        "grants.profile.create" if created else "grants.profile.change",
        user=by,
        data={"organisation": organisation.pk},
    )
    return profile


# --- Starting ---


def eligibility_refusals(call: CallPage, answers) -> list[str]:
    """What rules an applicant out: for each question answered otherwise than the call
    expects, the call's explanation (or a plain sentence). `answers` lists "yes"/"no" in the
    questions' order."""
    answers = list(answers or [])
    refusals = []
    for index, child in enumerate(call.eligibility_questions or []):
        question = child.value
        given = answers[index] if index < len(answers) else ""
        if given not in ("yes", "no"):
            refusals.append(
                _("Answer the question “%(question)s”.") % {"question": question["question"]}
            )
        elif given != question["expected"]:
            explanation = (question.get("explanation") or "").strip()
            refusals.append(
                explanation
                or _("Your answer to “%(question)s” means this call cannot fund you.")
                % {"question": question["question"]}
            )
    return refusals


class Ineligible(ValidationError):
    """The eligibility check rules the applicant out: its messages say why."""


def _live_application(call, organisation):
    return (
        Application.objects.filter(call=call, organisation=organisation)
        .exclude(status=Status.WITHDRAWN)
        .first()
    )


@transaction.atomic
def start_application(
    *, call: CallPage, organisation, by, title: str, language: str, eligibility_answers
) -> Application:
    """Start a draft for the organisation, once the call is open and the person passes its
    eligibility check. Starting twice (a double click, two colleagues at once) gives the one
    application the organisation already has for the call."""
    _require_member(by, organisation)
    if organisation.kind != Organisation.Kind.COMMUNITY:
        raise ValidationError(
            _("Only community organisations apply for these grants."), code="not_community"
        )
    if not call.live or not call.is_open():
        raise ValidationError(_("This call is not open for applications."), code="closed")
    refusals = eligibility_refusals(call, eligibility_answers)
    if refusals:
        raise Ineligible(refusals)
    canonical = call.canonical
    existing = _live_application(canonical, organisation)
    if existing is not None:
        return existing
    application = Application(
        call=canonical,
        organisation=organisation,
        created_by=by,
        saved_by=by,
        title=(title or "").strip(),
        language=language,
        stage=Stage.CONCEPT if canonical.concept_note_first else Stage.PROPOSAL,
    )
    try:
        # The unique constraint is the database's to enforce: two starts at once both pass
        # a check made here, and the second insert fails.
        application.full_clean(validate_constraints=False)
        with transaction.atomic():
            application.save()
    except IntegrityError:
        existing = _live_application(canonical, organisation)
        if existing is None:
            raise
        return existing
    log(
        application,
        "grants.application.start",
        user=by,
        data={"reference": application.reference, "stage": application.stage},
    )
    return application


# --- Drafts ---


def _check_editable(application: Application) -> None:
    if not application.is_editable:
        raise ValidationError(
            _("This application has been sent and can no longer be changed."),
            code="not_editable",
        )


def stale_message(application: Application) -> str:
    when = dates.format_time(application.saved_at, None)
    return _(
        "This application was saved somewhere else at %(time)s (in another tab or by a "
        "colleague), so this version was not saved. Copy what you typed here, then reload the "
        "page to see the latest version."
    ) % {"time": when}


@transaction.atomic
def save_draft(*, application: Application, by, answers: dict, uploads: dict, revision: int):
    """Save what is filled in so far. `answers` are the form's answers by key (engine.
    answers_from: an emptied answer is absent), `uploads` the new files by key, `revision`
    the one the page was loaded with: a page older than the last save is refused, and
    nothing is lost (the other save stands; this one's text is still on the person's page).
    An answer the form did not ask (a question since removed) is kept."""
    _require_member(by, application.organisation)
    locked = Application.objects.locked(application.pk)
    _check_editable(locked)
    if int(revision) != locked.revision:
        raise ValidationError(stale_message(locked), code="stale")
    stage = locked.stage
    asked = {question.key for question in engine.questions(locked.call.form_for(stage))}
    saved = locked.answers_for(stage)
    merged = {key: value for key, value in saved.items() if key not in asked}
    merged.update({key: value for key, value in answers.items() if key in asked})
    if stage == Stage.CONCEPT:
        locked.concept_answers = merged
    else:
        locked.answers = merged
        locked.amount_requested = amount_requested(locked.call.form_for(stage), merged)
    for key, checked in (uploads or {}).items():
        if key not in asked:
            continue
        _store_file(locked, key=key, checked=checked, by=by)
    locked.revision += 1
    locked.saved_at = timezone.now()
    locked.saved_by = by
    locked.full_clean()
    locked.save()
    application.refresh_from_db()
    return locked


def amount_requested(stream, answers: dict):
    """The amount the proposal asks for, for coordinators' lists: the money question keyed
    "amount", else the form's first money question; None while unanswered."""
    money = [question.key for question in engine.questions(stream) if question.kind == "money"]
    key = "amount" if "amount" in money else (money[0] if money else None)
    value = answers.get(key) if key else None
    if not value:
        return None
    amount = Decimal(str(value))
    return amount if amount > 0 else None


def _store_file(application: Application, *, key: str, checked, by) -> GrantFile:
    """One file for one question: a new upload replaces the one before."""
    previous = list(application.files.filter(key=key))
    stored = GrantFile(
        application=application,
        key=key,
        name=checked.name[:120],
        content_type=checked.content_type,
        size=checked.size,
        uploaded_by=by,
    )
    # Checked before the file reaches storage, so a refused file leaves nothing behind.
    stored.full_clean(exclude=["file"])
    stored.file.save(checked.name, checked.content, save=False)
    stored.save()
    for old in previous:
        name, storage = old.file.name, old.file.storage
        old.delete()
        transaction.on_commit(lambda name=name, storage=storage: storage.delete(name))
    return stored


def files_present(application: Application) -> frozenset[str]:
    return frozenset(application.files.values_list("key", flat=True))


# --- Submitting ---


class ProfileMissing(ValidationError):
    """Submitting needs the organisation's applicant profile; the view links to it."""


@transaction.atomic
def submit(*, application: Application, by) -> Application:
    """Send the concept note or the proposal: every required question answered, the
    organisation's profile copied in as it is now, a receipt emailed. Submitting what is
    already sent (a double click, a second tab) changes nothing and sends no second email."""
    _require_member(by, application.organisation)
    locked = Application.objects.locked(application.pk)
    if locked.status == Status.SUBMITTED:
        application.refresh_from_db()
        return locked
    _check_editable(locked)
    if not can_send(locked):
        raise ValidationError(closed_message(locked.call), code="closed")
    stage = locked.stage
    gaps = engine.missing(
        locked.call.canonical.form_for(stage), locked.answers_for(stage), files_present(locked)
    )
    if gaps:
        labels = {question.key: question.label for question in reader_questions(locked.call, stage)}
        names = "; ".join(f"“{labels.get(question.key, question.label)}”" for question in gaps)
        raise ValidationError(
            ngettext(
                "Answer this question before you send: %(questions)s.",
                "Answer these questions before you send: %(questions)s.",
                len(gaps),
            )
            % {"questions": names},
            code="missing",
            params={"keys": [question.key for question in gaps]},
        )
    profile = ApplicantProfile.objects.filter(organisation=locked.organisation).first()
    if profile is None:
        raise ProfileMissing(
            _("Fill in your organisation’s applicant profile first: every application sends it."),
            code="no_profile",
        )
    now = timezone.now()
    locked.profile = profile.snapshot()
    if stage == Stage.CONCEPT:
        locked.concept_submitted_at = now
    else:
        locked.submitted_at = now
    locked.status = Status.SUBMITTED
    locked.revision += 1
    locked.saved_at = now
    locked.saved_by = by
    locked.full_clean()
    locked.save()
    log(
        locked,
        "grants.application.submit",
        user=by,
        data={"reference": locked.reference, "stage": stage, "revision": locked.revision},
    )
    _send_receipt(locked, by=by, profile=profile)
    application.refresh_from_db()
    return locked


def application_url(application: Application, language: str) -> str:
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    with translation.override(language):
        return base + reverse("grants:application", args=[application.public_id])


def _send_receipt(application: Application, *, by, profile: ApplicantProfile) -> None:
    """The receipt, in the application's language, to whoever sent it and to the
    organisation's contact (once if they are the same address)."""
    language = application.language
    addresses = []
    for address in (by.email, profile.contact_email):
        if address and address.lower() not in {a.lower() for a in addresses}:
            addresses.append(address)
    with translation.override(language):
        call = in_reader_language(application.call)
        context = {
            "application": application,
            "reference": application.reference,
            "title": application.title,
            "call_title": call.title,
            "organisation": application.organisation.name,
            "concept": application.stage == Stage.CONCEPT,
            "link": application_url(application, language),
            "deadline": call.deadline,
            "contact_email": call.contact_email,
        }
    for address in addresses:
        queue_email(
            render_email(
                template="grants/receipt",
                context=context,
                to=[address],
                language=language,
            ),
            key=(
                f"grants-receipt:{application.public_id}:{application.stage}:"
                f"{application.revision}:{address.lower()}"
            ),
        )


# --- Withdrawing ---

WITHDRAWABLE = (Status.DRAFT, Status.SUBMITTED, Status.IN_REVIEW, Status.CHANGES_REQUESTED)


@transaction.atomic
def withdraw(*, application: Application, by, reason: str = "") -> Application:
    """The organisation stops its application (it may start another for the call)."""
    _require_member(by, application.organisation)
    locked = Application.objects.locked(application.pk)
    if locked.status == Status.WITHDRAWN:
        return locked
    if locked.status not in WITHDRAWABLE:
        raise ValidationError(
            _("A decision has been made on this application: it can no longer be withdrawn."),
            code="decided",
        )
    locked.status = Status.WITHDRAWN
    locked.revision += 1
    locked.saved_at = timezone.now()
    locked.saved_by = by
    locked.full_clean()
    locked.save()
    log(
        locked,
        "grants.application.withdraw",
        user=by,
        data={"reference": locked.reference, "reason": (reason or "").strip()[:1000]},
    )
    application.refresh_from_db()
    return locked
