import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0002_organisations_experts_topics"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [
        migrations.AddField(
            model_name="expertprofile",
            name="photo",
            field=models.ForeignKey(
                blank=True,
                help_text="A portrait, shown square. Without one, the expert's initials are shown.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="wagtailimages.image",
                verbose_name="photo",
            ),
        ),
    ]
