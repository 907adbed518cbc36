"""Office hours leave webinars/ for their own app, without moving a row: the tables keep
their names (each model's db_table), only Django's state moves (webinars 0012 lets go of
it), and the content types are relabelled so that pages, revisions, permissions, log
entries and translations follow."""

import django.core.validators
import django.db.models.deletion
import modelcluster.fields
import uuid
import wagtail.fields
from django.conf import settings
from django.db import migrations, models


MODELS = [
    "availability",
    "weeklywindow",
    "timeaway",
    "officehourspage",
    "officehoursexpert",
    "booking",
    "bookingreminder",
]


def relabel(source, target):
    def move(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        types = ContentType.objects.using(schema_editor.connection.alias)
        for model in MODELS:
            if not types.filter(app_label=target, model=model).exists():
                types.filter(app_label=source, model=model).update(app_label=target)

    return move


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('webinars', '0011_registration_calendar_sequence'),
        ('network', '0007_joining_and_personal_data'),
        ('wagtailcore', '0098_apitoken'),
        ('wagtailimages', '0027_image_description'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Availability',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('slot_minutes', models.PositiveSmallIntegerField(default=30, validators=[django.core.validators.MinValueValidator(15), django.core.validators.MaxValueValidator(180)], verbose_name='slot length (minutes)')),
                        ('buffer_minutes', models.PositiveSmallIntegerField(default=10, validators=[django.core.validators.MaxValueValidator(120)], verbose_name='buffer between slots (minutes)')),
                        ('min_notice_hours', models.PositiveSmallIntegerField(default=24, help_text='How long before a slot people must book it.', validators=[django.core.validators.MaxValueValidator(336)], verbose_name='minimum notice (hours)')),
                        ('horizon_days', models.PositiveSmallIntegerField(default=28, help_text='How far ahead people may book.', validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(180)], verbose_name='booking window (days)')),
                        ('meeting_url', models.URLField(help_text="Your video-call room. Sent only to the organisation that books, in its confirmation; never shown on the site's public pages.", verbose_name='meeting link')),
                        ('is_open', models.BooleanField(default=True, help_text='Untick to stop new bookings; booked sessions stay.', verbose_name='taking bookings')),
                        ('expert', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='availability', to='network.expertprofile', verbose_name='expert')),
                    ],
                    options={
                        'verbose_name': 'office-hours availability',
                        'verbose_name_plural': 'office-hours availability',
                        'db_table': 'webinars_availability',
                        'ordering': ['expert__user__full_name'],
                    },
                ),
                migrations.CreateModel(
                    name='Booking',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('public_id', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                        ('starts_at', models.DateTimeField(verbose_name='starts')),
                        ('ends_at', models.DateTimeField(verbose_name='ends')),
                        ('questions', models.TextField(verbose_name='questions')),
                        ('language', models.CharField(choices=[('en', 'English'), ('fr', 'Français')], max_length=5, verbose_name='preferred language')),
                        ('meeting_url', models.URLField(verbose_name='meeting link')),
                        ('status', models.CharField(choices=[('confirmed', 'Confirmed'), ('cancelled', 'Cancelled'), ('held', 'Held'), ('no_show', 'No-show')], default='confirmed', max_length=12, verbose_name='status')),
                        ('sequence', models.PositiveIntegerField(default=0, editable=False)),
                        ('cancelled_by', models.CharField(blank=True, choices=[('organisation', 'The organisation'), ('expert', 'The expert')], max_length=12, verbose_name='cancelled by')),
                        ('cancel_reason', models.TextField(blank=True, verbose_name='reason for cancelling')),
                        ('cancelled_at', models.DateTimeField(blank=True, null=True)),
                        ('expert_notes', models.TextField(blank=True, help_text="Only you and the hub's coordinators see these.", verbose_name='private notes')),
                        ('follow_ups', models.TextField(blank=True, help_text='Next steps and resources; the organisation sees these.', verbose_name='follow-ups')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='booked')),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('booked_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='office_hours_booked', to=settings.AUTH_USER_MODEL, verbose_name='booked by')),
                        ('expert', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='bookings', to='network.expertprofile', verbose_name='expert')),
                        ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='office_hours', to='network.organisation', verbose_name='organisation')),
                        ('topic', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='network.topic', verbose_name='topic')),
                    ],
                    options={
                        'verbose_name': 'office-hours booking',
                        'verbose_name_plural': 'office-hours bookings',
                        'db_table': 'webinars_booking',
                        'ordering': ['starts_at', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='BookingReminder',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('day', 'One day before'), ('hour', 'One hour before')], max_length=4)),
                        ('starts_at', models.DateTimeField()),
                        ('sent_at', models.DateTimeField(auto_now_add=True)),
                        ('booking', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reminders', to='office_hours.booking')),
                    ],
                    options={
                        'db_table': 'webinars_bookingreminder',
                    },
                ),
                migrations.CreateModel(
                    name='OfficeHoursPage',
                    fields=[
                        ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                        ('introduction', wagtail.fields.RichTextField(blank=True, verbose_name='introduction')),
                        ('max_upcoming_per_organisation', models.PositiveSmallIntegerField(default=2, help_text='So that every city and community organisation gets a turn.', validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(20)], verbose_name='upcoming bookings per organisation')),
                        ('change_cutoff_hours', models.PositiveSmallIntegerField(default=24, help_text='Organisations may reschedule or cancel until this many hours before.', validators=[django.core.validators.MaxValueValidator(168)], verbose_name='changes allowed until (hours before)')),
                        ('social_image', models.ForeignKey(blank=True, help_text='Shown when the page is shared on social media (1200×630 works best).', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailimages.image', verbose_name='social sharing image')),
                    ],
                    options={
                        'verbose_name': 'office hours',
                        'verbose_name_plural': 'office hours',
                        'db_table': 'webinars_officehourspage',
                    },
                    bases=('wagtailcore.page',),
                ),
                migrations.CreateModel(
                    name='OfficeHoursExpert',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('sort_order', models.IntegerField(blank=True, editable=False, null=True)),
                        ('expert', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='network.expertprofile', verbose_name='expert')),
                        ('page', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='programme_experts', to='office_hours.officehourspage')),
                    ],
                    options={
                        'db_table': 'webinars_officehoursexpert',
                        'ordering': ['sort_order'],
                        'abstract': False,
                    },
                ),
                migrations.AddField(
                    model_name='booking',
                    name='programme',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='bookings', to='office_hours.officehourspage', verbose_name='programme'),
                ),
                migrations.CreateModel(
                    name='TimeAway',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('sort_order', models.IntegerField(blank=True, editable=False, null=True)),
                        ('first_day', models.DateField(verbose_name='from')),
                        ('last_day', models.DateField(verbose_name='to (included)')),
                        ('note', models.CharField(blank=True, max_length=200, verbose_name='note')),
                        ('availability', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='time_away', to='office_hours.availability')),
                    ],
                    options={
                        'verbose_name': 'time away',
                        'verbose_name_plural': 'time away',
                        'db_table': 'webinars_timeaway',
                        'ordering': ['sort_order'],
                        'abstract': False,
                    },
                ),
                migrations.CreateModel(
                    name='WeeklyWindow',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('sort_order', models.IntegerField(blank=True, editable=False, null=True)),
                        ('weekday', models.PositiveSmallIntegerField(choices=[(0, 'Monday'), (1, 'Tuesday'), (2, 'Wednesday'), (3, 'Thursday'), (4, 'Friday'), (5, 'Saturday'), (6, 'Sunday')], verbose_name='day')),
                        ('starts', models.TimeField(verbose_name='from')),
                        ('ends', models.TimeField(verbose_name='to')),
                        ('availability', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='windows', to='office_hours.availability')),
                    ],
                    options={
                        'verbose_name': 'weekly window',
                        'verbose_name_plural': 'weekly windows',
                        'db_table': 'webinars_weeklywindow',
                        'ordering': ['sort_order'],
                        'abstract': False,
                    },
                ),
                migrations.AddConstraint(
                    model_name='availability',
                    constraint=models.CheckConstraint(condition=models.Q(('slot_minutes__gte', 15), ('slot_minutes__lte', 180)), name='availability_slot_length'),
                ),
                migrations.AddConstraint(
                    model_name='availability',
                    constraint=models.CheckConstraint(condition=models.Q(('horizon_days__gte', 1), ('horizon_days__lte', 180)), name='availability_horizon'),
                ),
                migrations.AddConstraint(
                    model_name='bookingreminder',
                    constraint=models.UniqueConstraint(fields=('booking', 'kind', 'starts_at'), name='booking_reminder_sent_once'),
                ),
                migrations.AddConstraint(
                    model_name='officehoursexpert',
                    constraint=models.UniqueConstraint(fields=('page', 'expert'), name='programme_expert_once'),
                ),
                migrations.AddIndex(
                    model_name='booking',
                    index=models.Index(fields=['expert', 'status', 'starts_at'], name='webinars_bo_expert__821bc9_idx'),
                ),
                migrations.AddIndex(
                    model_name='booking',
                    index=models.Index(fields=['organisation', 'status', 'starts_at'], name='webinars_bo_organis_381727_idx'),
                ),
                migrations.AddConstraint(
                    model_name='booking',
                    constraint=models.UniqueConstraint(condition=models.Q(('status', 'cancelled'), _negated=True), fields=('expert', 'starts_at'), name='one_active_booking_per_slot'),
                ),
                migrations.AddConstraint(
                    model_name='booking',
                    constraint=models.CheckConstraint(condition=models.Q(('ends_at__gt', models.F('starts_at'))), name='booking_ends_after_start'),
                ),
                migrations.AddConstraint(
                    model_name='booking',
                    constraint=models.CheckConstraint(condition=models.Q(('status', 'cancelled'), ('cancelled_at__isnull', True), _connector='OR'), name='booking_cancelled_at_only_when_cancelled'),
                ),
                migrations.AddConstraint(
                    model_name='timeaway',
                    constraint=models.CheckConstraint(condition=models.Q(('last_day__gte', models.F('first_day'))), name='time_away_in_order'),
                ),
                migrations.AddConstraint(
                    model_name='weeklywindow',
                    constraint=models.CheckConstraint(condition=models.Q(('ends__gt', models.F('starts'))), name='window_ends_after'),
                ),
            ],
        ),
        migrations.RunPython(
            relabel("webinars", "office_hours"), relabel("office_hours", "webinars")
        ),
    ]
