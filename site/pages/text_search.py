"""Words as full-text search sees them, in each language, the same on SQLite and PostgreSQL.

PostgreSQL indexes a French page with the `hub_french` configuration (migration
pages.0006): accents folded by `unaccent`, then the Snowball French stemmer, which drops
its stop words. `normalise` does the same in Python with the same Snowball algorithms
(snowballstemmer) and the same stop-word lists, so SQLite's FTS5 index holds the tokens
PostgreSQL would, and a query finds the same pages on both.
"""

import re
import unicodedata
from dataclasses import dataclass

import snowballstemmer

# PostgreSQL's stop-word files (share/tsearch_data/english.stop and french.stop, from the
# Snowball project), which its english_stem and french_stem dictionaries drop.
ENGLISH_STOP_WORDS = frozenset(
    """i me my myself we our ours ourselves you your yours yourself yourselves he him his
    himself she her hers herself it its itself they them their theirs themselves what which
    who whom this that these those am is are was were be been being have has had having do
    does did doing a an the and but if or because as until while of at by for with about
    against between into through during before after above below to from up down in out on
    off over under again further then once here there when where why how all any both each
    few more most other some such no nor not only own same so than too very s t can will
    just don should now""".split()
)
FRENCH_STOP_WORDS = frozenset(
    """au aux avec ce ces dans de des du elle en et eux il je la le leur lui ma mais me même
    mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes
    toi ton tu un une vos votre vous c d j l à m n s t y été étée étées étés étant étante
    étants étantes suis es est sommes êtes sont serai seras sera serons serez seront serais
    serait serions seriez seraient étais était étions étiez étaient fus fut fûmes fûtes
    furent sois soit soyons soyez soient fusse fusses fût fussions fussiez fussent ayant
    ayante ayantes ayants eu eue eues eus ai as avons avez ont aurai auras aura aurons aurez
    auront aurais aurait aurions auriez auraient avais avait avions aviez avaient eut eûmes
    eûtes eurent aie aies ait ayons ayez aient eusse eusses eût eussions eussiez
    eussent""".split()
)


@dataclass(frozen=True)
class TextLanguage:
    """How one language's text is searched: its PostgreSQL configuration and, for SQLite,
    the Snowball algorithm and stop words that configuration uses."""

    config: str
    algorithm: str | None = None
    stop_words: frozenset = frozenset()


# Text in no particular language (images, documents, people) and autocomplete: accents
# folded and lower-cased, never stemmed, so a prefix still matches.
SIMPLE = TextLanguage("hub_simple")
LANGUAGES = {
    "en": TextLanguage("hub_english", "english", ENGLISH_STOP_WORDS),
    "fr": TextLanguage("hub_french", "french", FRENCH_STOP_WORDS),
}

# Letters unaccent folds that have no Unicode decomposition (œ is not o + e to Unicode).
_LETTERS = str.maketrans(
    {
        "Æ": "AE",
        "æ": "ae",
        "Œ": "OE",
        "œ": "oe",
        "ß": "ss",
        "ẞ": "SS",
        "Ø": "O",
        "ø": "o",
        "Ð": "D",
        "ð": "d",
        "Đ": "D",
        "đ": "d",
        "Þ": "TH",
        "þ": "th",
        "Ł": "L",
        "ł": "l",
        "Ŀ": "L",
        "ŀ": "l",
        "Ħ": "H",
        "ħ": "h",
        "ı": "i",
        "Ŋ": "N",
        "ŋ": "n",
        "Ŧ": "T",
        "ŧ": "t",
    }
)
# PostgreSQL's parser splits words at anything that is not a letter or a digit (an
# apostrophe, a hyphen, an underscore).
WORD = re.compile(r"[^\W_]+")
_DIGIT = re.compile(r"\d")


def language_of(code: str | None) -> TextLanguage:
    """The search language for a language code such as "fr" or "fr-ca"; SIMPLE if unknown."""
    return LANGUAGES.get((code or "").split("-")[0].lower(), SIMPLE)


def fold(text: str) -> str:
    """Accents off and lower case, as PostgreSQL's unaccent and its dictionaries do."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LETTERS))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


class Normaliser:
    """Turns text into the tokens one language's configuration indexes. Holds a stemmer,
    which keeps state between words: make one per use, never share it between threads."""

    def __init__(self, language: TextLanguage):
        self.language = language
        self.stemmer = snowballstemmer.stemmer(language.algorithm) if language.algorithm else None

    def tokens(self, text: str) -> list[str]:
        """Folded, stemmed words without stop words, in order."""
        words = []
        for word in WORD.findall(fold(text)):
            # Words with digits ("covid19", "2026") go to PostgreSQL's simple dictionary.
            if self.stemmer is None or _DIGIT.search(word):
                words.append(word)
            elif word not in self.language.stop_words:
                words.append(self.stemmer.stemWord(word))
        return words

    def __call__(self, text: str) -> str:
        return " ".join(self.tokens(text))


def normalise(text: str, language: TextLanguage) -> str:
    """`text` as the tokens `language`'s configuration would index, space-separated."""
    return Normaliser(language)(text)
