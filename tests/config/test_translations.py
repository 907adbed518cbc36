import re
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[2]


def placeholders(text: str) -> set[str]:
    return set(re.findall(r"%\((\w+)\)|\{(\w*)\}", text))


def test_the_french_catalogue_is_complete():
    catalogue = polib.pofile(str(ROOT / "locale" / "fr" / "LC_MESSAGES" / "django.po"))
    assert catalogue.metadata["Language"] == "fr"
    assert [entry.msgid for entry in catalogue.untranslated_entries()] == []
    assert [entry.msgid for entry in catalogue.fuzzy_entries()] == []
    for entry in catalogue.translated_entries():
        # Placeholders survive translation, or Django raises at render time.
        if entry.msgid_plural:
            # A plural form may name the count its singular leaves out ("another attempt"
            # / "%(attempts)s more attempts"); it may use no name the English does not pass.
            given = placeholders(entry.msgid) | placeholders(entry.msgid_plural)
            for translation in entry.msgstr_plural.values():
                assert placeholders(translation) <= given, entry.msgid
            continue
        for placeholder in ("%(", "{"):
            assert entry.msgid.count(placeholder) == entry.msgstr.count(placeholder), entry.msgid
