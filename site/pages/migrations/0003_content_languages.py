from django.db import migrations

LANGUAGES = [("en", "English"), ("fr", "Français"), ("es", "Español")]


def add_languages(apps, schema_editor):
    ContentLanguage = apps.get_model("pages", "ContentLanguage")
    for code, name in LANGUAGES:
        ContentLanguage.objects.get_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("pages", "0002_public_site")]

    operations = [migrations.RunPython(add_languages, migrations.RunPython.noop)]
