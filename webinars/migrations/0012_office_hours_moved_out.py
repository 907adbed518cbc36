"""Office hours now live in their own app (office_hours 0001 took over these models' state;
the tables stay as they are)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("office_hours", "0001_moved_from_webinars"),
        ("webinars", "0011_registration_calendar_sequence"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name="availability",
                    name="expert",
                ),
                migrations.RemoveField(
                    model_name="weeklywindow",
                    name="availability",
                ),
                migrations.RemoveField(
                    model_name="booking",
                    name="booked_by",
                ),
                migrations.RemoveField(
                    model_name="booking",
                    name="expert",
                ),
                migrations.RemoveField(
                    model_name="booking",
                    name="organisation",
                ),
                migrations.RemoveField(
                    model_name="booking",
                    name="programme",
                ),
                migrations.RemoveField(
                    model_name="booking",
                    name="topic",
                ),
                migrations.RemoveField(
                    model_name="bookingreminder",
                    name="booking",
                ),
                migrations.RemoveField(
                    model_name="officehoursexpert",
                    name="expert",
                ),
                migrations.RemoveField(
                    model_name="officehoursexpert",
                    name="page",
                ),
                migrations.RemoveField(
                    model_name="officehourspage",
                    name="page_ptr",
                ),
                migrations.RemoveField(
                    model_name="officehourspage",
                    name="social_image",
                ),
                migrations.DeleteModel(
                    name="TimeAway",
                ),
                migrations.DeleteModel(
                    name="Availability",
                ),
                migrations.DeleteModel(
                    name="WeeklyWindow",
                ),
                migrations.DeleteModel(
                    name="Booking",
                ),
                migrations.DeleteModel(
                    name="BookingReminder",
                ),
                migrations.DeleteModel(
                    name="OfficeHoursExpert",
                ),
                migrations.DeleteModel(
                    name="OfficeHoursPage",
                ),
            ],
        ),
    ]
