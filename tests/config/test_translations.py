from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[2]


def test_the_french_catalogue_is_complete():
    catalogue = polib.pofile(str(ROOT / "locale" / "fr" / "LC_MESSAGES" / "django.po"))
    assert catalogue.metadata["Language"] == "fr"
    assert [entry.msgid for entry in catalogue.untranslated_entries()] == []
    assert [entry.msgid for entry in catalogue.fuzzy_entries()] == []
    for entry in catalogue.translated_entries():
        # Placeholders survive translation, or Django raises at render time.
        translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        for translation in translations:
            for placeholder in ("%(", "{"):
                assert entry.msgid.count(placeholder) == translation.count(placeholder), entry.msgid
