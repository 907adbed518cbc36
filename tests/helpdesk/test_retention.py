"""Closed help-desk requests are deleted HUB_HELPDESK_RETENTION_MONTHS after closing, with
their conversation, files (from storage too) and audit trail, by a daily task."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from django_q.models import Schedule
from django_q.tasks import async_task, result

from helpdesk.models import Attachment, Event, HelpRequest, Message
from helpdesk.retention import cutoff
from tests.network.factories import MembershipFactory

pytestmark = pytest.mark.django_db

Status = HelpRequest.Status


def filed(*, status, closed_days_ago=None):
    member = MembershipFactory()
    now = timezone.now()
    request = HelpRequest.objects.create(
        organisation=member.organisation,
        requester=member.user,
        country="CA",
        language="en",
        urgency="routine",
        summary="A question",
        details="Details",
        status=status,
        created_at=now - datetime.timedelta(days=(closed_days_ago or 0) + 30),
        closed_at=now - datetime.timedelta(days=closed_days_ago)
        if closed_days_ago is not None
        else None,
    )
    message = Message.objects.create(request=request, author=member.user, body="Hello")
    attachment = Attachment(
        request=request,
        message=message,
        name="plan.txt",
        content_type="text/plain",
        size=4,
        uploaded_by=member.user,
    )
    attachment.file.save("plan.txt", ContentFile(b"plan"), save=False)
    attachment.save()
    Event.objects.create(request=request, kind=Event.Kind.FILED, actor=member.user)
    return request, attachment.file.name


def run(settings_months, settings, django_capture_on_commit_callbacks):
    settings.HUB_HELPDESK_RETENTION_MONTHS = settings_months
    with django_capture_on_commit_callbacks(execute=True):
        task = async_task("helpdesk.tasks.apply_retention", sync=True)
    return result(task)


def storage():
    return Attachment._meta.get_field("file").storage


def test_old_closed_requests_go_with_their_files_and_the_rest_stays(
    settings, django_capture_on_commit_callbacks
):
    old, old_file = filed(status=Status.CLOSED, closed_days_ago=2 * 365 + 10)
    recent, recent_file = filed(status=Status.CLOSED, closed_days_ago=300)
    still_open, open_file = filed(status=Status.IN_PROGRESS)
    resolved, _ = filed(status=Status.RESOLVED, closed_days_ago=None)
    assert storage().exists(old_file)

    counts = run(24, settings, django_capture_on_commit_callbacks)

    assert counts["requests"] >= 1 and counts["attachments"] >= 1
    assert not HelpRequest.objects.filter(pk=old.pk).exists()
    assert not Message.objects.filter(request_id=old.pk).exists()
    assert not Event.objects.filter(request_id=old.pk).exists()
    assert not Attachment.objects.filter(request_id=old.pk).exists()
    assert not storage().exists(old_file)
    for kept, name in ((recent, recent_file), (still_open, open_file)):
        assert HelpRequest.objects.filter(pk=kept.pk).exists()
        assert storage().exists(name)
    assert HelpRequest.objects.filter(pk=resolved.pk).exists()
    # Nothing closed before the cutoff is left.
    assert not HelpRequest.objects.filter(
        status=Status.CLOSED, closed_at__lt=cutoff(months=24, now=timezone.now())
    ).exists()


def test_running_twice_is_safe(settings, django_capture_on_commit_callbacks):
    filed(status=Status.CLOSED, closed_days_ago=800)
    first = run(24, settings, django_capture_on_commit_callbacks)
    second = run(24, settings, django_capture_on_commit_callbacks)
    assert first["requests"] >= 1
    assert second == {"requests": 0, "messages": 0, "attachments": 0, "events": 0, "files": 0}


def test_zero_months_keeps_everything(settings, django_capture_on_commit_callbacks):
    old, name = filed(status=Status.CLOSED, closed_days_ago=3000)
    assert run(0, settings, django_capture_on_commit_callbacks)["requests"] == 0
    assert HelpRequest.objects.filter(pk=old.pk).exists() and storage().exists(name)


def test_the_task_is_scheduled_daily():
    schedule = Schedule.objects.get(func="helpdesk.tasks.apply_retention")
    assert schedule.schedule_type == Schedule.DAILY and schedule.repeats == -1
