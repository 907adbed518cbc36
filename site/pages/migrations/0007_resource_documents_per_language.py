"""A resource's files are translated with its page (ResourceDocument is translatable), so
that a French page can offer its own file; content languages get their names in English
and French, for « Offert en anglais »."""

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

NAMES = {"en": ("English", "anglais"), "fr": ("French", "français"), "es": ("Spanish", "espagnol")}


def bootstrap_documents(apps, schema_editor):
    """Each file takes its page's locale; a translation's files share the translation key of
    the original's file in the same place, as wagtail-localize would have given them."""
    ResourceDocument = apps.get_model("pages", "ResourceDocument")
    Locale = apps.get_model("wagtailcore", "Locale")
    rows = list(ResourceDocument.objects.select_related("page").order_by("page_id", "sort_order"))
    by_page = {}
    for row in rows:
        by_page.setdefault(row.page_id, []).append(row)
    default = Locale.objects.filter(language_code=settings.LANGUAGE_CODE).first()
    originals = {}
    for row in rows:
        row.locale_id = row.page.locale_id
        if default is None or row.page.locale_id == default.pk:
            row.translation_key = uuid.uuid4()
            originals.setdefault(row.page.translation_key, []).append(row)
    for row in rows:
        if row.translation_key is not None:
            continue
        siblings = by_page[row.page_id]
        source = originals.get(row.page.translation_key, [])
        index = siblings.index(row)
        matched = index < len(source) and source[index].document_id == row.document_id
        row.translation_key = source[index].translation_key if matched else uuid.uuid4()
    ResourceDocument.objects.bulk_update(rows, ["locale", "translation_key"])


def name_languages(apps, schema_editor):
    ContentLanguage = apps.get_model("pages", "ContentLanguage")
    for language in ContentLanguage.objects.filter(code__in=NAMES):
        language.name_en, language.name_fr = NAMES[language.code]
        language.save(update_fields=["name_en", "name_fr"])


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0006_search_languages"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AddField(
            model_name="contentlanguage",
            name="name_en",
            field=models.CharField(
                blank=True,
                help_text="For example “Spanish”.",
                max_length=50,
                verbose_name="name in English",
            ),
        ),
        migrations.AddField(
            model_name="contentlanguage",
            name="name_fr",
            field=models.CharField(
                blank=True,
                help_text="As in a sentence, for example « espagnol ».",
                max_length=50,
                verbose_name="name in French",
            ),
        ),
        migrations.RunPython(name_languages, migrations.RunPython.noop),
        migrations.AddField(
            model_name="resourcedocument",
            name="translation_key",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="resourcedocument",
            name="locale",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.RunPython(bootstrap_documents, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="resourcedocument",
            name="translation_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterField(
            model_name="resourcedocument",
            name="locale",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.AlterModelOptions(
            name="resourcedocument",
            options={
                "ordering": ["sort_order"],
                "verbose_name": "resource document",
                "verbose_name_plural": "resource documents",
            },
        ),
        migrations.AlterUniqueTogether(
            name="resourcedocument",
            unique_together={("translation_key", "locale")},
        ),
    ]
