"""Value-level recognisers for personal data, and the masks that hide them.

Everything here looks at *one string* (a cell, or a column name) and knows nothing about
tables: e-mail addresses, French phone numbers, NIR (numéro de sécurité sociale) and IBAN
with their checksums, dates, the shapes of person names and street addresses, and the
words that mark a legal person (association, SARL, mairie…). :mod:`.detect` turns these
per-value signals into per-column decisions.

The masks keep the *shape* of a value (separators, the kind of phone line, the top-level
domain of an e-mail) and hide what identifies someone. They are deterministic: the same
value always gives the same mask.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from enum import Enum
from typing import NamedTuple, Sequence

BULLET = "•"


class PersonalKind(str, Enum):
    """The kinds of personal data the guard knows, in the order findings are listed."""

    NIR = "nir"
    IBAN = "iban"
    EMAIL = "email"
    PHONE = "phone"
    BIRTH_DATE = "birth_date"
    PERSON_NAME = "person_name"
    ADDRESS = "address"
    FREE_TEXT = "free_text"


KIND_ORDER: dict[PersonalKind, int] = {kind: index for index, kind in enumerate(PersonalKind)}


# --------------------------------------------------------------------------------------------
# Text helpers
# --------------------------------------------------------------------------------------------

#: Letters NFKD does not split that :func:`fold` still spells out.
_LIGATURES = {"œ": "oe", "Œ": "Oe", "æ": "ae"}


class _CharacterFolds(dict):
    """Code point -> its text in :func:`fold` before lower-casing (a :meth:`str.translate` table, each
    character worked out the first time it is met): a ligature of :data:`_LIGATURES` spelled out, any
    other character its NFKD decomposition without combining marks.

    Why per character: NFKD of a text is the NFKD of each of its characters put together, except that
    runs of combining marks are put in canonical order, and fold drops every combining mark
    (``unicodedata.combining`` is not 0 exactly for the characters that order moves), so the order never
    shows. Lower-casing the whole text afterwards keeps its context rules (a final sigma). Normalising
    whole texts and then looking at each non-ASCII character in Python cost twice as much for every new
    text (tested equal on varied texts)."""

    def __missing__(self, code: int) -> str:
        character = chr(code)
        folded = _LIGATURES.get(character)
        if folded is None:
            folded = "".join(c for c in unicodedata.normalize("NFKD", character) if not unicodedata.combining(c))
        self[code] = folded
        return folded


_CHARACTER_FOLDS = _CharacterFolds()


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Lower-case ``text`` and strip accents: ``"Prénom"`` -> ``"prenom"``, ``"Œuvre"`` -> ``"oeuvre"``."""
    if text.isascii():
        return text.lower()
    return text.translate(_CHARACTER_FOLDS).lower()


def cell_text(value: object) -> str:
    """The text of a cell as a person would read it; ``""`` for empty cells (None, NaN, blanks).

    Floats holding whole numbers lose their ``.0`` (a phone number read as a float
    ``612345678.0`` becomes ``"612345678"``).
    """
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return repr(value)
    if isinstance(value, str):
        return value.strip()
    try:  # pandas.NA, NaT and other missing markers refuse bool(); treat them as empty
        if value != value:  # noqa: PLR0124 - NaN-like
            return ""
    except (TypeError, ValueError):
        return ""
    return str(value).strip()


_CAMEL_RE = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_NON_ALNUM_RE = re.compile(r"[^a-z0-9]+")
_TRAILING_DIGITS_RE = re.compile(r"\d+$")


@lru_cache(maxsize=1 << 12)
def name_tokens(column: str) -> tuple[str, ...]:
    """Words of a column name, folded, camelCase split, trailing digits dropped (kept per name: the same
    column names come back in file after file, and the scan asks for each several times).

    ``"nomBeneficiaire"`` -> ``("nom", "beneficiaire")``; ``"tel1"`` -> ``("tel",)``.
    """
    spaced = _CAMEL_RE.sub(" ", column)
    words = _NON_ALNUM_RE.split(fold(spaced))
    return tuple(w for w in (_TRAILING_DIGITS_RE.sub("", word) for word in words) if w)


def normalised_column(column: str) -> str:
    """Folded column name with every run of other characters turned into ``_`` (for matching)."""
    return "_".join(_NON_ALNUM_RE.split(fold(column))).strip("_")


# --------------------------------------------------------------------------------------------
# Patterns found inside text: e-mail, phone, NIR, IBAN
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class PatternMatch:
    """One e-mail/phone/NIR/IBAN found in a text (NIR and IBAN only with a valid checksum).

    ``generic`` marks a functional e-mail address (``mairie@…``) that identifies no one;
    ``compact`` marks a phone written as ten digits with no separator.
    """

    kind: PersonalKind
    start: int
    end: int
    text: str
    generic: bool = False
    compact: bool = False


_EMAIL_RE = re.compile(
    r"(?<![\w.+\-])"
    r"([A-Za-z0-9][A-Za-z0-9._%+\-]*)"
    r"@"
    r"((?:[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,24})"
    r"(?![\w\-])"
)

#: Local parts (first word) of functional addresses: a service, not a person.
GENERIC_EMAIL_WORDS = frozenset("""
    accueil admin administratif administration agence animation archives asso association assos bibliotheque
    billetterie bureau cabinet ccas centre club cnil collectif commande commune communication compta
    comptabilite comite conseil contact contacts courrier cse culture dgs direction dpo ecole economie
    education enfance environnement etat etatcivil evenement evenements facturation festival formation
    hello hotel info infos information informations inscription inscriptions jeunesse job jobs mairie
    marches media mediatheque musee newsletter noreply no-reply nepasrepondre office ot partenariat
    periscolaire piscine police pm postmaster presse president presidence reception recrutement relation
    reservation reservations restauration rgpd rh sante scolaire secretariat secretaire service services
    social sport sports standard stade support technique techniques tourisme urbanisme ville webmaster
""".split())


_OBFUSCATED_AT = r"(?:\s*[\[({]\s*(?:at|arobase|@)\s*[\])}]\s*|\s+arobase\s+)"
_OBFUSCATED_DOT = r"(?:\s*[\[({]\s*(?:dot|point)\s*[\])}]\s*|\.)"
_OBFUSCATED_EMAIL_RE = re.compile(
    rf"(?<![\w.+\-])([A-Za-z0-9][A-Za-z0-9._%+\-]*){_OBFUSCATED_AT}"
    rf"((?:[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?{_OBFUSCATED_DOT})+[A-Za-z]{{2,24}})(?![\w\-])",
    re.IGNORECASE,
)


def deobfuscate_email(text: str) -> str:
    """``jean.dupont (at) gmail [dot] com`` -> ``jean.dupont@gmail.com``; other text unchanged."""
    def plain(m: re.Match[str]) -> str:
        domain = re.sub(_OBFUSCATED_DOT, ".", m.group(2), flags=re.IGNORECASE)
        return f"{m.group(1)}@{domain}"
    return _OBFUSCATED_EMAIL_RE.sub(plain, text)


def is_generic_email(email: str) -> bool:
    """True for functional addresses such as ``mairie@…``, ``contact.asso@…``, ``accueil-ccas@…``."""
    local = fold(email.split("@", 1)[0])
    words = [w for w in re.split(r"[._+\-]+", local) if w]
    if not words:
        return False
    if local in GENERIC_EMAIL_WORDS or words[0] in GENERIC_EMAIL_WORDS:
        return True
    return local.replace("-", "").replace(".", "") in {"nepasrepondre", "noreply", "etatcivil"}


_PHONE_SEP = r"[ .\-\u00a0]?"
_PHONE_RE = re.compile(
    r"(?<![\w+])(?:"
    # international: +33 / 0033, and the overseas departments' country codes
    rf"(?:\+|00){_PHONE_SEP}(?:33|262|269|508|590|594|596|681|687|689){_PHONE_SEP}"
    rf"(?:\(0\){_PHONE_SEP})?[1-9](?:{_PHONE_SEP}\d{{2}}){{4}}"
    r"|"
    # national: 0X XX XX XX XX with spaces, dots, dashes or nothing
    rf"0[1-9](?:{_PHONE_SEP}\d{{2}}){{4}}"
    r")(?![\d])"
)

_COMPACT_PHONE_RE = re.compile(r"0\d{9}")

_NIR_RE = re.compile(
    r"(?<![\w])"
    r"([1-478])[ .]?(\d{2})[ .]?(\d{2})[ .]?(\d{2}|2[ABab])[ .]?(\d{3})[ .]?(\d{3})[ .]?(\d{2})"
    r"(?![\w])"
)

_IBAN_RE = re.compile(r"(?<![\w])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?(?![A-Za-z0-9])",
                       re.IGNORECASE)

#: IBAN length per country, for the countries a French commune meets most often.
IBAN_LENGTHS = {
    "FR": 27, "MC": 27, "DE": 22, "BE": 16, "ES": 24, "IT": 27, "LU": 20, "CH": 21, "GB": 22,
    "NL": 18, "PT": 25, "AT": 20, "IE": 22, "DK": 18, "SE": 24, "NO": 15, "FI": 18, "PL": 28,
    "AD": 24, "GR": 27, "CZ": 24, "RO": 24, "HU": 28, "SK": 24, "SI": 19, "HR": 21, "LI": 21,
}


_NIR_FULL_RE = re.compile(r"[1-478]\d{4}(?:\d{2}|2[AB])\d{8}")
_NIR_SHAPE_RE = re.compile(r"[1-478]\d{4}(?:\d{2}|2[AB])\d{6}(?:\d{2})?")
_IBAN_SHAPE_RE = re.compile(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}")


def nir_key(first13: str) -> int:
    """The NIR key: ``97 - (n mod 97)``, with Corsica's 2A counted as 19 and 2B as 18."""
    department = first13[5:7].upper()
    digits = first13[:5] + {"2A": "19", "2B": "18"}.get(department, department) + first13[7:]
    return 97 - int(digits) % 97


def nir_is_valid(text: str) -> bool:
    """True when ``text`` (spaces and dots allowed) is a 15-character NIR whose key checks."""
    compact = text.replace(" ", "").replace(".", "").upper()
    if not _NIR_FULL_RE.fullmatch(compact):
        return False
    month = int(compact[3:5])
    if month == 0 or 13 <= month <= 19:
        return False
    return nir_key(compact[:13]) == int(compact[13:])


#: The fewest digits (``\d``) of a text :func:`nir_shaped` accepts: 13 characters with Corsica's 2A/2B hold 12
#: (removing spaces and dots, or upper-casing, makes no digit: tested), so a text with fewer need not be checked.
NIR_SHAPE_DIGITS = 12


def nir_shaped(text: str) -> bool:
    """True for 13 or 15 characters shaped like a NIR, whether or not its key checks."""
    compact = text.replace(" ", "").replace(".", "").upper()
    return bool(_NIR_SHAPE_RE.fullmatch(compact))


def iban_is_valid(text: str) -> bool:
    """True when ``text`` is an IBAN whose mod-97 checksum holds (and, for known countries, its length)."""
    compact = "".join(text.split()).upper()
    if not _IBAN_SHAPE_RE.fullmatch(compact):
        return False
    expected = IBAN_LENGTHS.get(compact[:2])
    if expected is not None and len(compact) != expected:
        return False
    rearranged = compact[4:] + compact[:4]
    number = "".join(str(int(ch, 36)) for ch in rearranged)
    return int(number) % 97 == 1


def iban_shaped(text: str) -> bool:
    """True for two letters, two digits and 11–30 letters or digits (an IBAN, checksum not checked)."""
    return bool(_IBAN_SHAPE_RE.fullmatch("".join(text.split()).upper()))


#: The fewest digits (its check digits) and characters (country, check digits, two groups of four) of a
#: text _IBAN_RE matches: a text with fewer holds no IBAN, and the pattern need not run.
IBAN_DIGITS = 2
IBAN_CHARS = 12
#: "at" in brackets, or "arobase" between spaces: what an obfuscated e-mail address needs (see
#: :func:`has_obfuscated_at`). Two patterns rather than one alternation: each starts with a plain character set,
#: which lets the regex engine skip to the places where it can start.
_BRACKETED_AT_RE = re.compile(r"[\[({]\s*(?:at|arobase)\s*[\])}]", re.IGNORECASE)
_SPACED_AROBASE_RE = re.compile(r"\sarobase\s", re.IGNORECASE)
DIGIT_RE = re.compile(r"\d")
#: The fewest digits (``\d``) of a phone number (0X XX XX XX XX; +33 X… has more) and of a NIR (14
#: with Corsica's 2A/2B): a text with fewer holds neither, and their patterns need not run (tested).
PHONE_OR_NIR_DIGITS = 10
#: The fewest digits of a date :func:`parse_date` reads (YYYY-M-D, D/M/YYYY).
DATE_DIGITS = 6


def has_obfuscated_at(text: str) -> bool:
    """True when ``text`` writes an e-mail's ``@`` in words: ``(at)``, ``[arobase]``, `` arobase ``."""
    return _BRACKETED_AT_RE.search(text) is not None or _SPACED_AROBASE_RE.search(text) is not None


def digit_count(text: str) -> int:
    """How many digits (``\\d``, as the patterns count them) ``text`` holds."""
    return len(DIGIT_RE.findall(text))


def _valid_iban_prefix(candidate: str) -> str | None:
    """The longest start of ``candidate`` that is a valid IBAN (a sentence may go on after it)."""
    for end in range(len(candidate), 14, -1):
        piece = candidate[:end]
        if not piece.endswith(" ") and iban_is_valid(piece):
            return piece
    return None


def find_patterns(text: str, digits: int | None = None) -> tuple[PatternMatch, ...]:
    """Every e-mail, phone number, NIR and IBAN in ``text``, in order, without overlaps.

    NIR and IBAN are returned only when their checksum holds; e-mails carry ``generic=True``
    when they are functional addresses. ``digits`` is :func:`digit_count` of ``text`` when the caller
    has it (the NIR and phone patterns run only when there are enough).
    """
    if not text:
        return ()
    if digits is None:
        digits = digit_count(text)
    obfuscated_at = has_obfuscated_at(text)
    if not (digits or obfuscated_at or "@" in text):  # nothing any pattern needs
        return ()
    found: list[PatternMatch] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in taken)

    def add(match: PatternMatch) -> None:
        found.append(match)
        taken.append((match.start, match.end))

    if "@" in text:
        for m in _EMAIL_RE.finditer(text):
            add(PatternMatch(PersonalKind.EMAIL, m.start(), m.end(), m.group(0),
                             generic=is_generic_email(m.group(0))))
    if obfuscated_at:
        for m in _OBFUSCATED_EMAIL_RE.finditer(text):
            if free(m.start(), m.end()):
                add(PatternMatch(PersonalKind.EMAIL, m.start(), m.end(), m.group(0),
                                 generic=is_generic_email(m.group(1) + "@")))
    if digits >= IBAN_DIGITS and len(text) >= IBAN_CHARS:
        for m in _IBAN_RE.finditer(text):
            candidate = _valid_iban_prefix(m.group(0))
            if candidate and free(m.start(), m.start() + len(candidate)):
                add(PatternMatch(PersonalKind.IBAN, m.start(), m.start() + len(candidate), candidate))
    if digits < PHONE_OR_NIR_DIGITS:
        return _in_text_order(found)
    for m in _NIR_RE.finditer(text):
        if free(m.start(), m.end()) and nir_is_valid(m.group(0)):
            add(PatternMatch(PersonalKind.NIR, m.start(), m.end(), m.group(0)))
    for m in _PHONE_RE.finditer(text):
        if free(m.start(), m.end()):
            add(PatternMatch(PersonalKind.PHONE, m.start(), m.end(), m.group(0),
                             compact=bool(_COMPACT_PHONE_RE.fullmatch(m.group(0)))))
    return _in_text_order(found)


def _in_text_order(found: list[PatternMatch]) -> tuple[PatternMatch, ...]:
    """The matches by position in the text; none or one (most texts) need no sorting."""
    return tuple(found) if len(found) < 2 else tuple(sorted(found, key=lambda p: p.start))


def only_patterns(text: str, matches: tuple[PatternMatch, ...]) -> bool:
    """True when ``text`` is nothing but its matches, punctuation and spaces
    (``"06 12 34 56 78 / 05 49 00 00 00"``), rather than a sentence with a contact inside."""
    if not matches:
        return False
    pieces, last = [], 0
    for match in matches:
        pieces.append(text[last:match.start])
        last = match.end
    pieces.append(text[last:])
    return not any(ch.isalnum() for piece in pieces for ch in piece)


def looks_like_bare_phone_digits(text: str) -> bool:
    """Nine digits not starting with 0: a phone number whose leading 0 was lost by a spreadsheet."""
    return len(text) == 9 and text.isdigit() and text[0] != "0"


_PHONE_DIGITS_RE = re.compile(r"(?:\+33|0033|0)[1-9]\d{8}")
_PHONE_GROUPING_RE = re.compile(r"[\s.\-()/]")


def phone_digits_anyhow(text: str) -> bool:
    """A French number whatever its grouping (``061 234 5678``, ``(05) 49-010-203``): only the digits count.

    Used under a phone column name only, where the name already says what the digits are.
    """
    return bool(_PHONE_DIGITS_RE.fullmatch(_PHONE_GROUPING_RE.sub("", text)))


# --------------------------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------------------------

_DATE_FORMATS = (
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+(?:Z|[+\-]\d{2}:?\d{2})?)?"), "ymd"),
    (re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})"), "ymd"),
    (re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})(?: [\d:]+)?"), "dmy"),
)


def parse_date(text: str) -> dt.date | None:
    """A calendar date written as YYYY-MM-DD, YYYY/MM/DD, DD/MM/YYYY, DD-MM-YYYY or DD.MM.YYYY."""
    for pattern, order in _DATE_FORMATS:
        m = pattern.fullmatch(text.strip())
        if m:
            a, b, c = (int(g) for g in m.groups())
            year, month, day = (a, b, c) if order == "ymd" else (c, b, a)
            try:
                return dt.date(year, month, day)
            except ValueError:
                return None
    return None


def is_plausible_birth_date(day: dt.date, reference: dt.date | None) -> bool:
    """A date someone alive could be born on: after 1900, and not after ``reference`` (when given)."""
    if day.year < 1900:
        return False
    if reference is None:
        return day.year <= 2100
    return day <= reference and reference.year - day.year <= 120


# --------------------------------------------------------------------------------------------
# Legal persons and places
# --------------------------------------------------------------------------------------------

#: Words (folded) that make a value a legal person or an organisation, never an individual.
LEGAL_WORDS = frozenset("""
    asso assoc association associations amicale amis anciens sarl sas sasu sa eurl sci snc scop scic scea
    gaec earl gie gip sem spl epic epci ccas cias sivu sivom sdis ehpad ephad club clubs comite comites
    syndicat syndicats syndical federation ligue union societe ste ets entreprise entreprises etablissement
    etablissements compagnie cie groupe groupement cooperative coop mutuelle fondation fonds institut
    institution college lycee ecole universite conseil departement departemental region regional
    communaute agglomeration metropole commune communal communale mairie ville office caisse banque cabinet
    chambre orchestre chorale harmonie fanfare troupe cercle foyer maison mjc cse collectif reseau
    ensemble centre service services direction ministere prefecture agence sdis hopital clinique
    academie conservatoire theatre musee compagnons federale olympique sporting racing stade
    us as fc ac sc asc usm rc ca es js cs ol aas ussm gym gymnastique tennis football foot rugby basket
    handball judo karate danse cyclisme cyclo cyclotourisme randonnee petanque boules pecheurs peche
    chasse chasseurs aappma apei adapei admr aide aides secours restos croix scouts scout paroisse
    diocese eglise temple cultuel cultuelle comites festif fetes jumelage parents eleves ape fcpe peep
    sapeurs pompiers gendarmerie police fils freres ltd inc gmbh sarlu selarl scp sep
""".split())

#: Words (folded) naming places and facilities: a value containing one is not a person's name.
PLACE_WORDS = frozenset("""
    salle salles gymnase stade piscine ecole groupe scolaire mairie eglise chapelle parc jardin jardins
    square place rue avenue boulevard allee chemin impasse route quai cours parking gare centre
    mediatheque bibliotheque ludotheque musee theatre cinema cimetiere halle halles marche maison espace
    complexe terrain terrains courts plateau aire base port pont chateau borne bornes
    station hotel hopital clinique pharmacie poste bureau creche halte foyer residence camping tour
    dechetterie decheterie lavoir abbaye cathedrale basilique pole zone zac za zi
    lotissement quartier hameau lieu lieudit bourg village ville commune saint sainte st ste cite faubourg
    boulodrome skatepark city dojo patinoire velodrome hippodrome auditorium kiosque belvedere
    monument statue plage lac etang riviere foret bois vallee col mont port marina capitainerie ateliers
    atelier entrepot usine local locaux batiment pavillon annexe accueil guichet point relais
    republique liberte victoire paix nation
""".split())

#: Role titles: "M. le Maire" names a function, not a private person.
ROLE_WORDS = frozenset("""
    maire adjoint adjointe president presidente directeur directrice prefet prefete depute deputee senateur
    senatrice conseiller conseillere secretaire tresorier tresoriere delegue deleguee responsable chef
    cheffe commissaire receveur percepteur gerant gerante
""".split())

_SPLIT_LEGAL_RE = re.compile(r"[^a-z0-9&]+")
_SPLIT_WORDS_RE = re.compile(r"[^a-z0-9]+")


def is_legal_person(text: str) -> bool:
    """True when the value names an organisation: a legal-form word, a public body, a club…"""
    folded = fold(text)
    return any(word in LEGAL_WORDS for word in _SPLIT_LEGAL_RE.split(folded))


def has_place_word(text: str) -> bool:
    """True when the value contains a word naming a place or a facility (salle, rue, gymnase…)."""
    folded = fold(text)
    return any(part in PLACE_WORDS for part in _SPLIT_WORDS_RE.split(folded))


def siret_is_valid(text: str) -> bool:
    """A 14-digit SIRET (or 9-digit SIREN) whose Luhn checksum holds (La Poste's SIRET included)."""
    digits = text.replace(" ", "").replace(".", "")
    if len(digits) not in (9, 14) or not digits.isdigit() or not digits.isascii():
        return False
    if len(digits) == 14 and digits.startswith("356000000"):
        return sum(int(d) for d in digits) % 5 == 0
    total = 0
    for index, ch in enumerate(reversed(digits)):
        value = int(ch) * (2 if index % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def is_rna(text: str) -> bool:
    """An RNA association number: ``W`` and nine digits."""
    text = text.strip()
    return len(text) == 10 and text[0] in "Ww" and text[1:].isdigit()


# --------------------------------------------------------------------------------------------
# Person names
# --------------------------------------------------------------------------------------------

#: Common first names in France (folded): a value made of one of them is very likely a person.
FIRST_NAMES = frozenset("""
    adam adele adrien agathe agnes alain alexandra alexandre alexis alice aline amandine amelie ana anais
    andre andree angelique anne annie anthony antoine antoinette arnaud arthur aurelie aurelien axel
    baptiste barbara bastien beatrice benjamin benoit bernadette bernard bertrand brigitte bruno camille
    capucine carole caroline catherine cecile celine charles charlotte chloe christelle christian
    christiane christine christophe claire claude claudine clement colette corinne cyril damien daniel
    danielle david delphine denis denise didier dominique dylan edith elisabeth elise eliott ella elodie
    eloise emile emilie emma emmanuel emmanuelle enzo eric estelle ethan eva evelyne fabien fabienne
    fabrice fanny florence florent florian francis francine franck francois francoise frederic frederique
    gabriel gabrielle gael gaelle genevieve georges gerald gerard germaine gilbert gilles ginette gisele
    guillaume guy helene henri herve hugo hugues ines irene isabelle jacqueline jacques jade jean
    jean-claude jean-francois jean-luc jean-marc jean-marie jean-michel jean-paul jean-pierre jeanne
    jeannine jerome jessica joel joelle jordan joseph josette jules julia julie julien juliette justine
    karine kevin laetitia laura laure laurence laurent lea lea leo leon leonie liam lina lisa loic louis
    louise luc luca lucas lucie lucien lucienne ludovic lydie madeleine manon marc marcel marcelle
    margaux marguerite maria marie marie-claire marie-france marie-therese marine marion martine mathilde
    mathieu matheo mathis matthieu maurice maxime melanie michel michele micheline mickael monique morgane
    muriel mylene nadia nadine nathalie nathan nicolas nicole noah noemie noel oceane odette olivier
    olivia patrice patricia patrick paul paulette pauline philippe pierre quentin rachel raphael raymond
    regine remi renee rene richard robert roger romain rose sabine samuel sandrine sarah sebastien serge
    severine simon simone solange sophie stephane stephanie suzanne sylvain sylvie theo therese thierry
    thomas timothee tom valentin valerie vanessa veronique victor vincent virginie xavier yann yannick
    yves yvette yvonne zoe mohamed mehdi karim rachid fatima samira yasmine sofiane nordine youssef
    ibrahim moussa aminata fatoumata ahmed ali omar leila myriam sonia farid malik hakim amine
""".split())

#: Common French surnames (folded).
SURNAMES = frozenset("""
    martin bernard dubois thomas robert richard petit durand leroy moreau simon laurent lefebvre michel
    garcia david bertrand roux vincent fournier morel girard andre lefevre mercier dupont lambert bonnet
    francois martinez legrand garnier faure rousseau blanc guerin muller henry roussel nicolas perrin
    morin mathieu clement gauthier dumont lopez fontaine chevalier robin masson sanchez gerard nguyen
    boyer denis lemaire duval joly gautier roger roche roy noel meyer lucas meunier jean perez marchand
    dufour blanchard marie barbier brun dumas brunet schmitt leroux colin fernandez pierre renard arnaud
    rolland caron aubert giraud leclerc vidal bourgeois renaud lemoine picard gaillard philippe leclercq
    lacroix fabre dupuis olivier rodriguez da silva hubert louis charles guillot riviere le gall guillaume
    adam rey moulin gonzalez berger lecomte menard fleury deschamps carpentier julien benoit paris
    maillard marchal aubry vasseur le roux renault jacquet collet prevost poirier charpentier royer
    huet baron dupuy pons paul laine carre breton remy schneider perrot guyot barre marty cousin
    kowalski dupre lebrun ferrand gilbert herve bailly chauvin tessier bouvier leblanc boucher
""".split())

_LEADING_ARTICLES = frozenset({"les", "l", "aux", "un", "une", "des"})
_PARTICLES = frozenset({"de", "du", "des", "d", "le", "la", "van", "von", "der", "den", "da", "di", "dos",
                        "del", "ben", "el", "al", "y", "e"})

CIVILITY_RE = re.compile(
    r"^(?:M\.?|Mr\.?|Mme\.?|Mmes\.?|MM\.|Mlle\.?|Melle\.?|Monsieur|Madame|Mademoiselle|Messieurs|Mesdames|"
    r"Dr\.?|Docteur|Me\.?|Maître|Pr\.?|Famille|Consorts|Indivision|Époux|Epoux|Veuve|Vve\.?)"
    r"(?:\s+(?:et|&|ou)\s+(?:M\.|Mme\.?|Monsieur|Madame))?\s+",
    re.IGNORECASE,
)


class NameEvidence(str, Enum):
    """How much a single value looks like the name of a private person."""

    STRONG = "strong"          # civility ("M. Jean Dupont", "Mme Martin") or a known first name + another word
    FIRST_NAME = "first_name"  # a single known first name ("Jean")
    SURNAME = "surname"        # a single known surname ("DUPONT")
    MEDIUM = "medium"          # "DUPONT Jean"-like shape, names unknown to the lists
    WEAK = "weak"              # one to four capitalised words, nothing more to tell
    LEGAL = "legal"            # an organisation, a place or a function
    NONE = "none"              # anything else: digits, sentences, lower-case words…


_NAME_SPLIT_RE = re.compile(r"[\s,]+")
_INITIAL_RE = re.compile(r"[A-Z]\.")


def _is_name_word(word: str) -> bool:
    if word[1:2] in ("'", "’") and word[:1] in "dlDL":
        word = word[2:]
    if not word:
        return False
    bare = word.replace("-", "").replace("'", "").replace("’", "")
    return bare.isalpha() and (word[0].isupper() or word.isupper())


def name_evidence(text: str) -> NameEvidence:
    """Classify one value by how much it looks like a private person's name.

    ``"M. Jean Dupont"``, ``"Mme Martin"``, ``"DUPONT Jean"``, ``"Jean Dupont"`` are STRONG;
    ``"Association sportive …"``, ``"Salle des fêtes"``, ``"M. le Maire"`` are LEGAL.
    """
    value = " ".join(text.split())
    if not value or len(value) > 80 or "@" in value or DIGIT_RE.search(value):
        return NameEvidence.NONE
    if is_legal_person(value) or has_place_word(value):
        return NameEvidence.LEGAL
    civility = CIVILITY_RE.match(value)
    rest = value[civility.end():] if civility else value
    words = [w for w in _NAME_SPLIT_RE.split(rest) if w]
    if not words or len(words) > 5:
        return NameEvidence.NONE
    folded = [fold(w.strip(".")) for w in words]
    if any(f in ROLE_WORDS for f in folded):
        return NameEvidence.LEGAL
    core = [w for w, f in zip(words, folded) if f not in _PARTICLES]
    if (not civility and value == value.lower() and 2 <= len(core) <= 3 and all(w.isalpha() for w in core)
            and any(fold(w) in FIRST_NAMES for w in core)):
        return NameEvidence.STRONG  # "jean dupont" typed without capitals, with a known first name
    if not core or not all(_is_name_word(w.strip(".")) or _INITIAL_RE.fullmatch(w) for w in core):
        return NameEvidence.NONE
    if all(len(w.strip(".")) < 2 for w in core):
        return NameEvidence.NONE  # "M", "F": codes, not names
    if folded[0] in _LEADING_ARTICLES and not civility:
        # "Les Amis du…", "L'Écho…": a plural or elided article first is a club or a place
        # ("Le Goff", "La Fontaine" are surnames, so "le"/"la" stay)
        return NameEvidence.NONE
    if civility:
        return NameEvidence.STRONG
    core_folded = [fold(w) for w in core]
    known_first = any(f in FIRST_NAMES or f.split("-")[0] in FIRST_NAMES for f in core_folded)
    known_last = any(f in SURNAMES for f in core_folded)
    if len(core) == 1:
        if known_first:
            return NameEvidence.FIRST_NAME
        if known_last:
            return NameEvidence.SURNAME
        return NameEvidence.WEAK
    if known_first:
        return NameEvidence.STRONG
    upper = [w for w in core if w.isupper() and len(w) > 1]
    title = [w for w in core if not w.isupper()]
    if upper and title:
        return NameEvidence.MEDIUM if len(core) <= 4 else NameEvidence.WEAK
    if known_last and len(core) <= 3:
        return NameEvidence.MEDIUM
    return NameEvidence.WEAK if len(core) <= 4 else NameEvidence.NONE


# --------------------------------------------------------------------------------------------
# Street addresses
# --------------------------------------------------------------------------------------------

STREET_TYPES = (
    "rue", "r", "avenue", "av", "ave", "boulevard", "bd", "bld", "place", "pl", "chemin", "ch", "che",
    "impasse", "imp", "allee", "allees", "all", "route", "rte", "quai", "cours", "square", "sq", "lotissement",
    "lot", "lieu-dit", "lieudit", "ld", "residence", "res", "hameau", "ham", "voie", "sentier", "passage",
    "cite", "faubourg", "fg", "rond-point", "esplanade", "parvis", "promenade", "villa", "ruelle", "montee",
    "traverse", "clos", "domaine", "mail", "venelle", "chaussee", "carrefour", "village",
)
#: The street types the address check looks for after a house number (two-letter ones only when usual).
_MATCHED_STREET_TYPES = tuple(t for t in STREET_TYPES if len(t) > 2 or t in {"r", "av", "bd", "ch", "pl", "ld"})


def word_alternation(words: tuple[str, ...]) -> str:
    """A regex group matching exactly ``words``, with the words grouped by shared beginnings:
    ``("rue", "ruelle", "route")`` -> ``(?:r(?:o(?:ute)|ue(?:lle)?))``-like, without empty branches.

    Why: a plain ``rue|ruelle|route|...`` tries every word in turn at each position it is reached
    (~55 street types after every house number, most texts failing); the grouped form tests each
    letter once. It matches the same set of strings (a trie of the words), so whether a pattern
    using it matches, and where, is unchanged (tested against the plain alternation).
    """
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def branch(node: dict[str, dict]) -> str:
        alternatives = [re.escape(char) + branch(child) for char, child in sorted(node.items()) if char]
        if not alternatives:
            return ""
        if len(alternatives) == 1 and "" not in node:
            return alternatives[0]
        return "(?:" + "|".join(alternatives) + ")" + ("?" if "" in node else "")

    return "(?:" + branch(trie) + ")"


#: A house number after a space, comma or parenthesis, then a street type. :func:`looks_like_street_address` puts a
#: space before the text, so a number at its start is found too. Why no ``^`` alternative: with that space first, a
#: ``^`` could only be followed by the space, never by a digit, so it never matched; and a pattern that starts with
#: a plain character set lets the regex engine skip to the places where it can start (~2x faster on texts without
#: an address, tested to match as the ``(?:^|[\s,(])`` form did, at the same places).
_STREET_RE = re.compile(
    r"[\s,(]\d{1,4}\s*(?:bis|ter|quater|[a-d])?\b[\s,]*" + word_alternation(_MATCHED_STREET_TYPES) + r"\.?\s+\S",
)
_POSTCODE_CITY_RE = re.compile(r"(?:^|[\s,])((?:0[1-9]|[1-8]\d|9[0-8])\d{3})[\s,]+([^\d,]*[^\W\d_][^\d,]*?)\s*$")


def looks_like_street_address(text: str) -> bool:
    """True for an address with a house number and a street type: ``"12 bis rue des Lilas"``."""
    folded = " " + fold(text)
    return bool(_STREET_RE.search(folded))


class TextScreen(NamedTuple):
    """Which detectors may find something in at least one of a column's texts (False: in none of them).

    Made by :func:`screen_texts` with one search per detector over all the texts joined by newlines, where
    checking text by text costs a call (and its set-up) per text: most columns hold no contact, date or
    address at all, and then no text needs the detector.
    """

    patterns: bool     # an e-mail, phone number, NIR or IBAN (what :func:`find_patterns` finds)
    dates: bool        # a date :func:`parse_date` reads
    streets: bool      # a street address (:func:`looks_like_street_address`)
    iban_shapes: bool  # a text :func:`iban_shaped` accepts


#: No detector ruled out: what a text checked on its own gets.
UNSCREENED = TextScreen(patterns=True, dates=True, streets=True, iban_shapes=True)
#: A part of every IBAN :data:`_IBAN_RE` matches: its check digits and two groups of four.
_IBAN_PART_RE = re.compile(r"\d{2}(?: ?[A-Z0-9]{4}){2}", re.IGNORECASE)
#: A part of every NIR :data:`_NIR_RE` matches (its sex digit, year, month and department, 2A/2B included) and
#: of every phone number :data:`_PHONE_RE` matches (the digit after the country code or the leading 0, and three
#: pairs of digits, with the separators it allows).
_NIR_OR_PHONE_PART_RE = re.compile(r"\d[ .\-\u00a0]?\d{2}[ .\-\u00a0]?\d{2}[ .\-\u00a0]?(?:\d{2}|2[ABab])")
#: Every date :func:`parse_date` reads has a digit, one of ``/.-`` and a digit in a row (``2024-01``, ``12/03``).
_DATE_SHAPE_RE = re.compile(r"\d[/.\-]\d")
#: A text :func:`iban_shaped` accepts has a digit among its first three characters other than spaces (``FR76…``),
#: after the newline before it: its third character once spaces are removed and letters upper-cased is its first
#: check digit, upper-casing gives each character one or more characters and a digit only from a digit (tested
#: on every character), and ``\s`` is what :meth:`str.split` splits on (tested).
_IBAN_START_RE = re.compile(r"\n\s*(?:\S\s*){0,2}\d")


def screen_texts(texts: Sequence[str]) -> TextScreen:
    """The :class:`TextScreen` of ``texts``: each detector's patterns, or a part every match of them holds
    (written to start with a plain character set, which the regex engine skips to: most of the patterns start
    with a look-behind and try every place), searched once in the texts joined by newlines.

    Why it never rules out a text's match: every match inside one text is also a match in the joined text.
    The patterns' only context checks at a text's edges are look-behinds that refuse a letter, digit or one of
    ``+.-`` before a match and look-aheads that refuse a letter, digit or ``-`` after it: a newline is none of
    these, as the edge of a text is not. The street pattern runs on ``" " + fold(text)`` (see
    :func:`looks_like_street_address`), where only its first character set can take that space, and takes a
    newline as well: here it runs on the joined text, folded as a whole (the uncached fold: the joined text
    never comes back), which is folding each text (folding is per character; lower-casing looks around only
    for a final sigma, never past a newline, and the pattern cannot tell sigma's two lower-case forms apart
    anyway), with a space first. A match across two texts only makes the screen say "maybe", which
    costs the per-text check and changes no result (tested equal to unscreened texts).
    """
    joined = "\n".join(texts)
    patterns = ("@" in joined or has_obfuscated_at(joined) or _IBAN_PART_RE.search(joined) is not None
                or _NIR_OR_PHONE_PART_RE.search(joined) is not None)
    dates = _DATE_SHAPE_RE.search(joined) is not None
    streets = _STREET_RE.search(" " + fold.__wrapped__(joined)) is not None
    iban_shapes = _IBAN_START_RE.search("\n" + joined) is not None
    return TextScreen(patterns, dates, streets, iban_shapes)


def postcode_and_commune(text: str) -> str | None:
    """The ``"86000 Poitiers"`` part at the end of an address, or None when there is none."""
    m = _POSTCODE_CITY_RE.search(text.strip())
    if not m:
        return None
    commune = m.group(2).strip(" ,")
    return f"{m.group(1)} {commune}" if commune else m.group(1)


# --------------------------------------------------------------------------------------------
# Masks
# --------------------------------------------------------------------------------------------

def mask_email(email: str) -> str:
    """``jean.dupont@exemple.fr`` -> ``j***@e***.fr``: first letters, then the top-level domain."""
    local, _, domain = email.partition("@")
    labels = domain.split(".")
    tld = labels[-1] if len(labels) > 1 else ""
    head = labels[0] if labels else ""
    masked_domain = (head[:1] + "***") + (f".{tld}" if tld else "")
    return f"{local[:1]}***@{masked_domain}"


def mask_digits(text: str, *, keep_first: int, keep_last: int) -> str:
    """Replace digits by bullets except the first ``keep_first`` and last ``keep_last`` ones."""
    total = sum(ch.isdigit() for ch in text)
    out = []
    seen = 0
    for ch in text:
        if ch.isdigit():
            keep = seen < keep_first or seen >= total - keep_last
            out.append(ch if keep else BULLET)
            seen += 1
        else:
            out.append(ch)
    return "".join(out)


def mask_phone(phone: str, *, keep_last: bool) -> str:
    """``06 12 34 56 78`` -> ``06 •• •• •• ••``: the line type (or the country code) stays readable.

    With ``keep_last`` (for the build report), the last two digits stay too, and an
    international number keeps its first digit after the country code: ``+33 6 •• •• •• 78``.
    """
    stripped = phone.strip()
    keep_first = 2  # "06", "05"…
    if stripped.startswith(("+", "00")):
        digits = re.sub(r"\D", "", stripped)
        country_start = 2 if stripped.startswith("00") else 0
        keep_first = country_start + (2 if digits[country_start:].startswith("33") else 3)
        if keep_last:
            keep_first += 2 if "(0)" in stripped else 1
    return mask_digits(stripped, keep_first=keep_first, keep_last=2 if keep_last else 0)


def mask_nir(nir: str, *, keep_first: bool) -> str:
    """``1 85 05 78 006 084 36`` -> ``1 •• •• •• ••• ••• ••``; Corsica's letters are hidden too."""
    out = []
    for index, ch in enumerate(nir):
        out.append(ch if (ch in " .-" or (keep_first and index == 0)) else BULLET)
    return "".join(out)


def mask_iban(iban: str, *, keep_last: bool) -> str:
    """``FR76 3000 …`` -> ``FR•• •••• … ••12``: only the country (and the last two characters) stay."""
    body = [ch if ch == " " else BULLET for ch in iban]
    body[0:2] = list(iban[0:2])
    if keep_last:
        kept = 0
        for index in range(len(iban) - 1, 1, -1):
            if iban[index] != " ":
                body[index] = iban[index]
                kept += 1
                if kept == 2:
                    break
    return "".join(body)


def mask_words(text: str, *, keep_initials: bool) -> str:
    """Every word becomes ``•••`` (or its initial and ``•••``); separators stay, lengths do not."""
    def replace(m: re.Match[str]) -> str:
        return (m.group(0)[0] + BULLET * 3) if keep_initials else BULLET * 3
    return re.sub(r"[^\W_]+", replace, text)


def mask_name(text: str, *, for_report: bool) -> str:
    """``"M. Jean Dupont"`` -> ``"M. J••• D•••"`` for the report, ``"••• •••"`` (civility gone) when published."""
    civility = CIVILITY_RE.match(text)
    if civility and for_report:
        return civility.group(0) + mask_words(text[civility.end():], keep_initials=True)
    return mask_words(text, keep_initials=for_report)


def mask_date(text: str) -> str:
    """``1985-03-12`` -> ``1985-••-••``, ``12/03/1985`` -> ``••/••/1985``: only the year stays."""
    return re.sub(r"\b\d{1,2}\b", lambda m: BULLET * len(m.group(0)), text)


def mask_address(text: str) -> str:
    """``12 bis rue des Lilas`` -> ``•• rue •••``: street types stay, numbers and names go."""
    def replace(m: re.Match[str]) -> str:
        word = m.group(0)
        if word.isdigit():
            return BULLET * 2
        return word if fold(word) in STREET_TYPES and len(word) > 2 else BULLET * 3
    masked = re.sub(r"[^\W_]+", replace, text)
    return re.sub(rf"(?:{BULLET}{{3}}[\s'’-]*)+{BULLET}{{3}}", BULLET * 3, masked)


def mask_match(match: PatternMatch, *, for_report: bool) -> str:
    """The mask of one e-mail/phone/NIR/IBAN found in a text.

    ``for_report=True`` keeps a little more (the last two digits) so a person reading the
    build report recognises the value; published data keeps less.
    """
    if match.kind is PersonalKind.EMAIL:
        return mask_email(deobfuscate_email(match.text))
    if match.kind is PersonalKind.PHONE:
        return mask_phone(match.text, keep_last=for_report)
    if match.kind is PersonalKind.NIR:
        return mask_nir(match.text, keep_first=for_report)
    return mask_iban(match.text, keep_last=for_report)


def mask_patterns_in_text(text: str, *, for_report: bool = False, keep_generic: bool = True) -> str:
    """``text`` with every e-mail, phone, NIR and IBAN inside it masked; the rest unchanged.

    Functional e-mail addresses (``mairie@…``) identify no one and are kept unless
    ``keep_generic`` is False.
    """
    out = []
    last = 0
    for match in find_patterns(text):
        if match.generic and keep_generic:
            continue
        out.append(text[last:match.start])
        out.append(mask_match(match, for_report=for_report))
        last = match.end
    out.append(text[last:])
    return "".join(out)
