"""Column-level detection of personal data, and the entry points :func:`scan_table` and
:func:`scan_geojson_properties`.

A column is flagged from two kinds of evidence, combined per kind by :data:`RULES`:

* its **name** (``telephone``, ``date_naissance``, ``nom_prenom``…), which lowers the bar;
* its **values**, counted over the non-empty cells, so that one odd cell in a big table is
  not noise — except that a checksum-valid NIR or IBAN is always flagged, and so is any
  e-mail/phone/NIR/IBAN written *inside* a sentence (the text around it tells what it is).

Then a schema-based table (:data:`PUBLIC_COLUMNS`) marks what is public by nature: the
phone number of a public facility, the name of an elected official in a deliberation.
Legal persons (association, SARL, mairie… or a row carrying a SIRET) are never names of
individuals.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import json
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import repeat
from enum import Enum
from typing import Any, Callable, Iterable, Mapping, NamedTuple, Sequence

import pandas as pd
import pyarrow as pa

from .patterns import (
    DATE_DIGITS, KIND_ORDER, NIR_SHAPE_DIGITS, PHONE_OR_NIR_DIGITS, NameEvidence, PatternMatch, PersonalKind,
    UNSCREENED, TextScreen, cell_text, digit_count, find_patterns, iban_shaped, is_plausible_birth_date, is_rna,
    looks_like_bare_phone_digits, looks_like_street_address,
    mask_address, mask_date, mask_digits, mask_iban, mask_match, mask_name, mask_nir, mask_words, name_evidence,
    name_tokens, nir_shaped, only_patterns, phone_digits_anyhow, parse_date, screen_texts, siret_is_valid,
)
from .report import ColumnPolicy, Detection, PrivacyReport, Severity, build_report

# --------------------------------------------------------------------------------------------
# What column names say
# --------------------------------------------------------------------------------------------


class Hint(str, Enum):
    EMAIL = "email"
    PHONE = "phone"
    NIR = "nir"
    IBAN = "iban"
    BIRTH = "birth"
    PERSON = "person"          # the column names people (nom, contact, président…)
    FIRST_NAME = "first_name"  # prénom, first_name
    ADDRESS = "address"
    DOMICILE = "domicile"      # an address that is certainly someone's home
    ENTITY = "entity"          # the column is about a thing or an organisation (EQUIP_NOM, nom_commune…)


_HINT_WORDS: dict[Hint, frozenset[str]] = {
    Hint.EMAIL: frozenset("email emails mail mails courriel courriels mel e-mail".split()),
    Hint.PHONE: frozenset("tel tels telephone telephones phone phones portable mobile gsm fax numtel telfixe "
                          "telport cellulaire".split()),
    Hint.NIR: frozenset("nir nss secu ssn".split()),
    Hint.IBAN: frozenset("iban rib".split()),
    Hint.BIRTH: frozenset("naissance birth birthdate birthday dob ddn datenaissance naiss".split()),
    Hint.FIRST_NAME: frozenset("prenom prenoms firstname givenname forename".split()),
    Hint.PERSON: frozenset("""
        nom noms name names fullname nomprenom prenomnom identite personne personnes demandeur demandeuse
        petitionnaire titulaire locataire proprietaire president presidente tresorier tresoriere secretaire
        contact contacts responsable referent referente interlocuteur representant representante signataire
        agent redacteur redactrice rapporteur rapporteuse elu elus elue conseiller conseillere adherent membre
        habitant habitante usager resident residente client cliente patient patiente eleve enfant parent
        defunt defunte concessionnaire beneficiaire declarant declarante auteur intervenant correspondant
        gerant gerante dirigeant dirigeante lastname surname patronyme familyname nomfamille epoux epouse
        """.split()),
    Hint.ADDRESS: frozenset("adresse adresses address addresses adr addr domicile domiciliation".split()),
    Hint.DOMICILE: frozenset("domicile domiciliation personnel personnelle perso privee prive".split()),
    Hint.ENTITY: frozenset("""
        commune communes coll collectivite equip equipement equipements budget bgt station stations parking
        enseigne amenageur operateur matiere producteur attribuant etablissement restaurant plat produit
        fournisseur service structure organisme organisation societe entreprise association asso club
        site lieu ville departement region pays fichier jeu dataset theme type categorie espece arbre rue voie
        quartier ecole salle batiment projet programme operation marche lot dispositif aide epci syndicat
        gestionnaire titre libelle label document piece rubrique compte article chapitre fonction nature
        section zone parcelle cadastre monument oeuvre parc jardin musee gare arret ligne reseau commerce
        magasin boutique manifestation evenement festival spectacle equipe competition course plan
        """.split()),
}


@lru_cache(maxsize=1 << 12)
def column_hints(column: str) -> frozenset[Hint]:
    """What the column name suggests: ``"tel_portable"`` -> {PHONE}, ``"EQUIP_NOM"`` -> {PERSON, ENTITY}.
    Kept per name: the same column names come back in file after file."""
    tokens = name_tokens(column)
    words = set(tokens)
    joined = "".join(tokens)
    hints = {hint for hint, vocabulary in _HINT_WORDS.items() if words & vocabulary}
    if "email" in joined or joined.endswith("mail") or "electronique" in words:
        hints.add(Hint.EMAIL)
    if {"securite", "sociale"} <= words:
        hints.add(Hint.NIR)
    if "bancaire" in words or "bancaires" in words:
        hints.add(Hint.IBAN)
    if words & {"first", "given"} and words & {"name"}:
        hints.add(Hint.FIRST_NAME)
    if words & {"last", "family", "full"} and words & {"name"}:
        hints.add(Hint.PERSON)
    if Hint.FIRST_NAME in hints:
        hints.add(Hint.PERSON)
    if Hint.EMAIL in hints:
        hints.discard(Hint.ADDRESS)  # "adresse électronique", "adresse_mail"
    if Hint.DOMICILE in hints and Hint.ADDRESS not in hints:
        hints.discard(Hint.DOMICILE)
    if "domicile" in words or "domiciliation" in words:
        hints |= {Hint.ADDRESS, Hint.DOMICILE}
    return frozenset(hints)


#: Column words that announce surnames: next to a column of first names, their values are names.
_SURNAME_WORDS = frozenset("nom noms name lastname surname patronyme familyname nomfamille".split())


def _person_hinted(hints: frozenset[Hint]) -> bool:
    return Hint.PERSON in hints and Hint.ENTITY not in hints


# --------------------------------------------------------------------------------------------
# Thresholds
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class KindRule:
    """When the values of one kind make a column personal; shares are of its non-empty cells.

    ``min_share``: with a column name that says nothing (``None``: values alone never suffice);
    ``min_share_named``: with a column name that announces the kind (``0.0``: one cell is enough).
    """

    min_share: float | None
    min_share_named: float
    note: str


RULES: dict[PersonalKind, KindRule] = {
    PersonalKind.NIR: KindRule(None, 0.0, "a valid key flags the column alone, unless the column holds codes "
                                          "passing the key at chance level (≤10 % of ≥20 fifteen-digit values); "
                                          "named: 13/15-digit shapes, key or not"),
    PersonalKind.IBAN: KindRule(None, 0.0, "a valid mod-97 checksum flags the column alone; named: IBAN shapes"),
    PersonalKind.EMAIL: KindRule(0.0, 0.0, "any personal address (e-mails have no look-alikes); functional "
                                           "addresses (mairie@, contact@…) do not count"),
    PersonalKind.PHONE: KindRule(0.1, 0.0, "formatted numbers; ten digits with no separator need 80 %; named: "
                                           "any grouping, and nine digits (a lost leading 0)"),
    PersonalKind.BIRTH_DATE: KindRule(0.8, 0.5, "plausible past dates; unnamed only next to people's names, spread "
                                                "over 30+ years, in a column not named after an event"),
    PersonalKind.PERSON_NAME: KindRule(0.3, 0.5, "unnamed: full names (civility or known first name); named: "
                                                 "name shapes, 15 % of them backed by a civility or a known name "
                                                 "(none needed for a first-name column or next to one)"),
    PersonalKind.ADDRESS: KindRule(0.6, 0.3, "house number + street type, in a table naming people (or a column "
                                             "named domicile, adresse_president…)"),
    PersonalKind.FREE_TEXT: KindRule(0.0, 0.0, "an e-mail/phone/NIR/IBAN inside a sentence flags the column alone"),
}

_COMPACT_PHONE_SHARE = 0.8
_UNNAMED_BIRTH_SPAN = 30
#: Column words naming an event: dates spread over decades in such a column are not births.
_EVENT_WORDS = frozenset("""
    adhesion inscription deces arrivee depart debut fin creation maj mise jour modification decision convention
    seance delib deliberation signature depot paiement versement publication installation ouverture fermeture
    acquisition vente achat construction entree sortie embauche recrutement mariage pacs attribution demande
    reception envoi echeance validite expiration renouvellement
""".split())
_NAME_EVIDENCE_SHARE = 0.15
_NIR_CHANCE_MIN_VALUES = 20
_NIR_CHANCE_SHARE = 0.1


# --------------------------------------------------------------------------------------------
# Public by nature
# --------------------------------------------------------------------------------------------

CONTACT_KINDS = frozenset({PersonalKind.EMAIL, PersonalKind.PHONE, PersonalKind.PERSON_NAME,
                           PersonalKind.ADDRESS})


@dataclass(frozen=True)
class PublicColumns:
    """Columns of a schema that are public by nature, and why.

    ``columns`` are patterns (``fnmatch``) on the folded column name with words joined by ``_``
    (``EQUIP_TEL`` -> ``equip_tel``, ``nomAttribuant`` -> ``nom_attribuant``, ``tel1`` -> ``tel``).
    NIR and IBAN are never public.
    """

    schema: str
    columns: tuple[str, ...]
    reason_fr: str
    kinds: frozenset[PersonalKind] = CONTACT_KINDS
    aliases: tuple[str, ...] = ()


PUBLIC_COLUMNS: tuple[PublicColumns, ...] = (
    PublicColumns(
        "scdl/equipements",
        ("equip_tel", "equip_email", "equip_web", "equip_nom", "coll_nom", "adr_*"),
        "coordonnées et adresse d'un équipement collectif public, que le schéma scdl/equipements fait publier",
        aliases=("equipements",)),
    PublicColumns(
        "atlasante/schema-dae",
        ("nom", "tel", "site_email", "expt_*", "adr_*", "com_*", "fab_rais", "mnt_rais"),
        "coordonnées du lieu d'implantation et de l'exploitant d'un défibrillateur, publiques dans la "
        "base nationale des DAE",
        aliases=("schema-dae", "dae")),
    PublicColumns(
        "datagouv/schema-fontaine-eau",
        ("adresse", "gestionnaire", "precision_geo"),
        "adresse et gestionnaire d'une fontaine publique",
        aliases=("schema-fontaine-eau", "fontaine-eau", "fontaines-eau")),
    PublicColumns(
        "etalab/schema-irve-statique",
        ("contact_amenageur", "contact_operateur", "telephone_operateur", "nom_amenageur", "nom_operateur",
         "nom_enseigne", "nom_station", "adresse_station"),
        "contacts de l'aménageur et de l'opérateur d'une borne de recharge, que le schéma IRVE fait publier",
        aliases=("schema-irve-statique", "irve-statique", "irve")),
    PublicColumns(
        "etalab/schema-stationnement",
        ("nom", "adresse"),
        "nom et adresse d'un parc de stationnement",
        aliases=("schema-stationnement", "stationnement")),
    PublicColumns(
        "etalab/schema-stationnement-cyclable",
        ("source", "proprietaire", "gestionnaire"),
        "organisations propriétaires et gestionnaires d'un stationnement vélo",
        aliases=("schema-stationnement-cyclable", "stationnement-cyclable")),
    PublicColumns(
        "scdl/deliberations",
        ("coll_nom", "rapporteur*", "*_rapporteur*", "elu", "elus", "elu_*", "*_elu", "*_elus", "nom_elu*",
         "president*", "*_president*", "secretaire_seance*", "*_seance", "presents", "absents", "excuses",
         "pouvoirs", "procurations", "votants", "*_votants"),
        "élus agissant dans leur mandat (rapporteurs, présents, votants) : leurs noms figurent dans les actes "
        "publics du conseil",
        kinds=frozenset({PersonalKind.PERSON_NAME}),
        aliases=("deliberations",)),
    PublicColumns(
        "scdl/prenoms",
        ("enfant_prenom", "commune_nom"),
        "prénoms comptés à l'échelle de la commune, sans lien avec une personne",
        kinds=frozenset({PersonalKind.PERSON_NAME}),
        aliases=("prenoms",)),
    PublicColumns(
        "scdl/subventions",
        ("nom_attribuant",),
        "nom de la collectivité qui attribue la subvention",
        kinds=frozenset({PersonalKind.PERSON_NAME}),
        aliases=("subventions",)),
    PublicColumns(
        "scdl/catalogue",
        ("coll_nom", "producteur_nom"),
        "nom de la collectivité productrice",
        kinds=frozenset({PersonalKind.PERSON_NAME}),
        aliases=("catalogue",)),
)


def normalise_schema_id(schema_id: str | None) -> str | None:
    """``"https://schema.data.gouv.fr/schemas/scdl/equipements/0.1.5/schema.json"``, ``"equipements"``,
    ``"scdl/equipements@0.1.5"`` -> ``"scdl/equipements"``; unknown ids come back cleaned."""
    if not schema_id:
        return None
    text = schema_id.strip().lower().rstrip("/")
    for prefix in ("https://schema.data.gouv.fr/schemas/", "http://schema.data.gouv.fr/schemas/"):
        if text.startswith(prefix):
            text = text[len(prefix):]
    text = text.split("@", 1)[0]
    parts = [p for p in text.split("/") if p]
    if parts and parts[-1].endswith(".json"):
        parts.pop()
    if parts and (parts[-1] == "latest" or parts[-1].lstrip("v").replace(".", "").isdigit()):
        parts.pop()
    text = "/".join(parts)
    for entry in PUBLIC_COLUMNS:
        if text == entry.schema or text in entry.aliases or (parts and parts[-1] in entry.aliases):
            return entry.schema
    return text


def column_key(column: str) -> str:
    """The form used to match :data:`PUBLIC_COLUMNS` patterns: ``"nomAttribuant"`` -> ``"nom_attribuant"``."""
    return "_".join(name_tokens(column))


def public_reason(schema_id: str | None, column: str, kind: PersonalKind) -> str | None:
    """Why this column is public by nature under ``schema_id``, or None."""
    schema = normalise_schema_id(schema_id)
    if schema is None:
        return None
    key = column_key(column)
    for entry in PUBLIC_COLUMNS:
        if entry.schema == schema and kind in entry.kinds and any(fnmatch.fnmatchcase(key, p) for p in entry.columns):
            return f"{entry.reason_fr} (schéma {entry.schema})"
    return None


# --------------------------------------------------------------------------------------------
# Per-value signals, per-column statistics
# --------------------------------------------------------------------------------------------

class CellSignals(NamedTuple):
    """Everything the detectors need to know about one cell's text.

    A named tuple rather than a frozen dataclass: one is made for every new distinct text of a
    table, and a tuple is built in one call where a frozen dataclass sets its ten fields one by one.
    Made by :func:`text_signals` (and :data:`NO_SIGNALS`), which also sets ``quiet`` from the others."""

    matches: tuple[PatternMatch, ...]
    only_patterns: bool          # the cell is its matches and nothing else (no sentence around)
    bare_nine_digits: bool
    phone_digits: bool           # ten French phone digits, whatever the grouping
    nir_shaped: bool
    fifteen_digits: bool
    iban_shaped: bool
    date: dt.date | None
    name: NameEvidence
    street: bool
    #: No signal but the name evidence: the column's counts need only that (most cells).
    quiet: bool


#: The signals of a cell that has none: a short plain number (see :func:`column_signals`).
NO_SIGNALS = CellSignals(matches=(), only_patterns=False, bare_nine_digits=False, phone_digits=False,
                         nir_shaped=False, fifteen_digits=False, iban_shaped=False, date=None,
                         name=NameEvidence.NONE, street=False, quiet=True)
#: A plain number (amount, count, coordinate). Of at most 8 characters, it has at most 8 digits: too
#: few for a phone number, a NIR, an IBAN, nine bare digits or a date, and no word for a name or a street.
_SHORT_NUMBER = re.compile(r"[+-]?[0-9]+(?:[.,][0-9]+)?")
SHORT_NUMBER_SIZE = 8


#: The signals of the texts met so far: a pure function of the text, kept for the values that come back from file
#: to file (dates, codes, categories). Emptied when it reaches :data:`_KNOWN_SIGNALS_SIZE` texts.
_KNOWN_SIGNALS: dict[str, CellSignals] = {}
_KNOWN_SIGNALS_SIZE = 1 << 15


def column_signals(texts: Sequence[str]) -> Mapping[str, CellSignals]:
    """A mapping holding the :class:`CellSignals` of each of ``texts`` (distinct non-empty cells of one column).

    The texts not met before are looked at together: short plain numbers, the most common cells, have none
    (:data:`NO_SIGNALS`, tested equal to what :func:`text_signals` finds); the others go through
    :func:`text_signals` with the :class:`TextScreen` of all of them, so that a detector that finds nothing in
    the whole column is not asked text by text (tested equal to asking each text on its own)."""
    known = _KNOWN_SIGNALS
    new = [text for text in texts if text not in known]
    if not new:
        return known
    if len(known) + len(new) > _KNOWN_SIGNALS_SIZE:
        known.clear()
        new = list(texts)
    screened = []
    for text in new:
        if len(text) <= SHORT_NUMBER_SIZE and _SHORT_NUMBER.fullmatch(text):
            known[text] = NO_SIGNALS
        else:
            screened.append(text)
    if screened:
        screen = screen_texts(screened)
        for text in screened:
            known[text] = text_signals(text, screen)
    return known


def cell_signals(text: str) -> CellSignals:
    """The :class:`CellSignals` of one non-empty cell (see :func:`column_signals`)."""
    return column_signals((text,))[text]


def text_signals(text: str, screen: TextScreen = UNSCREENED) -> CellSignals:
    """The :class:`CellSignals` of one non-empty cell, every detector asked (only those that can find
    something in a text of so many digits: see :data:`PHONE_OR_NIR_DIGITS`, :data:`NIR_SHAPE_DIGITS` and
    :data:`DATE_DIGITS`, and that ``screen``, the :class:`TextScreen` of texts including this one, leaves)."""
    digits = digit_count(text)
    digit_like = digits > 0
    matches = find_patterns(text, digits) if screen.patterns else ()
    size = len(text)
    compact = text.replace(" ", "").replace(".", "") if digit_like and 13 <= size <= 24 else ""
    code_like = digit_like and 13 <= size <= 45
    bare_nine_digits = size == 9 and looks_like_bare_phone_digits(text)
    phone_digits = digits >= PHONE_OR_NIR_DIGITS and not matches and size <= 24 and phone_digits_anyhow(text)
    nir = code_like and digits >= NIR_SHAPE_DIGITS and nir_shaped(text)
    fifteen_digits = len(compact) == 15 and compact.isdigit()
    iban = code_like and screen.iban_shapes and iban_shaped(text)
    date = parse_date(text) if screen.dates and digits >= DATE_DIGITS and size <= 32 else None
    street = digit_like and screen.streets and looks_like_street_address(text)
    return CellSignals(matches, bool(matches) and only_patterns(text, matches), bare_nine_digits, phone_digits, nir,
                       fifteen_digits, iban, date, name_evidence(text) if not digit_like else NameEvidence.NONE, street,
                       quiet=not (matches or bare_nine_digits or phone_digits or nir or fifteen_digits or iban
                                  or date is not None or street))


@dataclass
class _Tally:
    """Cells matching one signal, and the first of them (row position, text, match)."""

    count: int = 0
    first_row: int = -1
    first_text: str = ""
    first_match: PatternMatch | None = None

    def add(self, row: int, text: str, match: PatternMatch | None = None, cells: int = 1) -> None:
        """Count ``cells`` equal cells, the first of them at ``row``."""
        if self.count == 0:
            self.first_row, self.first_text, self.first_match = row, text, match
        self.count += cells


@dataclass
class ColumnStats:
    """Counts over the non-empty cells of one column."""

    column: str
    hints: frozenset[Hint]
    non_empty: int = 0
    whole: dict[PersonalKind, _Tally] = field(default_factory=dict)      # cell == one personal value
    embedded: dict[PersonalKind, _Tally] = field(default_factory=dict)   # personal value inside text
    embedded_cells: _Tally = field(default_factory=_Tally)                # cells with any of them
    compact_phone: _Tally = field(default_factory=_Tally)
    bare_nine: _Tally = field(default_factory=_Tally)         # phone digits only a column name confirms
    nir_shaped: _Tally = field(default_factory=_Tally)
    fifteen_digits: int = 0
    iban_shaped: _Tally = field(default_factory=_Tally)
    birth: _Tally = field(default_factory=_Tally)
    birth_years: list[int] = field(default_factory=list)
    names: dict[NameEvidence, _Tally] = field(default_factory=dict)
    street: _Tally = field(default_factory=_Tally)

    def tally(self, table: dict, key) -> _Tally:
        found = table.get(key)
        if found is None:
            found = table[key] = _Tally()
        return found

    def share(self, count: int) -> float:
        return count / self.non_empty if self.non_empty else 0.0

    def name_count(self, *levels: NameEvidence) -> int:
        return sum(self.names[level].count for level in levels if level in self.names)


_LONG_TEXT_CHARS = 40
_LONG_TEXT_WORDS = 6


def is_long_text(texts: Iterable[str]) -> bool:
    """Sentences rather than values: the non-empty cells have a median of 40+ characters and 6+ words."""
    filled = [t for t in texts if t]
    return bool(filled) and statistics.median(len(t) for t in filled) >= _LONG_TEXT_CHARS \
        and statistics.median(len(t.split()) for t in filled) >= _LONG_TEXT_WORDS


#: Words of a name column that make it the name of whoever a SIRET/RNA column of the row identifies.
_HOLDER_WORDS = frozenset("""
    raison sociale denomination entreprise fournisseur titulaire beneficiaire attributaire prestataire
    organisme structure porteur
""".split())
#: Words too common in column names to pair a name column with an identifier column.
_PAIRING_STOP_WORDS = frozenset("id ident identifiant num numero no n code nom name siret siren rna de du".split())


#: The characters a SIRET/SIREN (ASCII digits, spaces, dots) or an RNA number (``W`` after spaces) can start with.
_LEGAL_ID_FIRST_CHARS = frozenset("0123456789 .Ww")


def _is_legal_id(text: str) -> bool:
    """A valid SIRET/SIREN or an RNA number. Both need 9 characters at least (9 or 14 digits once
    spaces and dots are removed; ``W`` and 9 digits) and start with one of :data:`_LEGAL_ID_FIRST_CHARS`,
    so shorter cells, most of a table's, and words (labels, names) are answered without the checks
    (tested equal to them)."""
    return len(text) >= 9 and text[0] in _LEGAL_ID_FIRST_CHARS and (siret_is_valid(text) or is_rna(text))


def cell_counts(texts: list[list[str]]) -> list[Counter[str]]:
    """How many cells of each column hold each text (``""``: the empty cells), counted once per column for
    both readers: :func:`_legal_id_columns` and the column counts (:func:`_distinct_cells`)."""
    return [Counter(column) for column in texts]


def _legal_id_columns(columns: list[str], texts: list[list[str]], counts: list[Counter[str]]) -> list[int]:
    """Positions of columns identifying legal persons row by row (SIRET/SIREN/RNA of a beneficiary);
    ``counts``: :func:`cell_counts` of ``texts``.

    A column that holds the same identifier on every row is the publisher's own (the commune's
    SIRET), not the row's, and is left out.
    """
    positions = []
    for index, column in enumerate(columns):
        words = set(name_tokens(column))
        if words & {"coll", "collectivite", "attribuant", "producteur", "bgt", "publisher"}:
            continue
        column_counts = counts[index]
        empty = column_counts.get("", 0)
        filled = len(texts[index]) - empty
        if filled and _holds_legal_ids(column_counts, filled, named=bool(words & {"siret", "siren", "rna"})):
            if filled > 1 and len(column_counts) - (empty > 0) == 1:
                continue
            positions.append(index)
    return positions


def _holds_legal_ids(column_counts: Counter[str], filled: int, *, named: bool) -> bool:
    """Whether a column identifies legal persons by its values (``column_counts``: the cells of each text,
    ``filled`` of them non-empty): one valid SIRET/SIREN/RNA in a column named after them, 80 % of its
    cells in another.

    Each distinct text is checked once, and only until the answer is known: at the first valid identifier
    of a named column; as soon as the cells not yet checked could no longer bring the valid ones to 80 %
    in another. Most columns (labels, dates, amounts) are thus answered after a handful of texts rather
    than all of them; the answer is the count over every text's (tested equal)."""
    needed = 0.8 * filled
    valid = 0
    unchecked = filled
    for value, count in column_counts.items():
        if not value:
            continue
        if _is_legal_id(value):
            if named:
                return True
            valid += count
        unchecked -= count
        if valid + unchecked < needed and not named:
            return False
    return valid >= needed


def _ids_for(column: str, id_columns: list[tuple[int, str]]) -> list[int]:
    """The identifier columns that identify the holder of the names in ``column``.

    ``nomBeneficiaire`` pairs with ``idBeneficiaire`` (a shared word); a ``raison_sociale`` or
    ``fournisseur`` column with any identifier; a ``president`` column with none (the RNA of an
    association does not make its president a legal person).
    """
    words = set(name_tokens(column))
    holder = bool(words & _HOLDER_WORDS)
    paired = []
    for position, id_column in id_columns:
        if id_column == column:
            continue
        shared = (words & set(name_tokens(id_column))) - _PAIRING_STOP_WORDS
        if shared or holder:
            paired.append(position)
    return paired


def _distinct_cells(texts: list[str], legal_rows: list[bool] | None, counts: Counter[str]
                    ) -> tuple[Iterable[tuple[str, bool, int]], Callable[[str, bool], int]]:
    """The column's cells grouped by (text, legal row): each group's text, legal flag and number of cells, in
    the order of the groups' first rows (``counts``: the cells of each text; the group of empty cells, if
    any, has the text ``""``), and the function giving a group's first row.

    Counting equal cells at once gives the tallies of a cell-by-cell pass: a tally's first cell is the first
    row of the earliest group it receives, since groups come in the order of their first rows; and
    ``birth_years`` is only read for its minimum and maximum. First rows are asked only for the groups that
    start a tally (a few per column), so without legal rows, the common case, the groups are the column's
    counts as they are, and the first row of every text is found in one pass on the first question."""
    if legal_rows is None or not any(legal_rows):
        first_rows: dict[str, int] = {}

        def first_row(text: str, legal: bool) -> int:
            if not first_rows:
                first_rows.update(zip(reversed(texts), range(len(texts) - 1, -1, -1)))
            return first_rows[text]

        return zip(counts.keys(), repeat(False), counts.values()), first_row
    groups: dict[tuple[str, bool], list[int]] = {}
    for row, (text, legal) in enumerate(zip(texts, legal_rows)):
        if text:
            group = groups.get((text, legal))
            if group is None:
                groups[text, legal] = [row, 1]
            else:
                group[1] += 1
    return (((text, legal, count) for (text, legal), (row, count) in groups.items()),
            lambda text, legal: groups[text, legal][0])


def _column_stats(column: str, texts: list[str], legal_rows: list[bool] | None, counts: Counter[str],
                  reference_date: dt.date | None) -> ColumnStats:
    """The counts of the column's cells (``counts``: the cells of each text), each distinct text's signals
    looked at once (see _distinct_cells). ``legal_rows``: whether a SIRET/RNA identifies each row's holder
    (None: no row's).

    The name evidence of every distinct text is counted in ``names``: per level, the first row and text and
    the number of cells, which become the column's name tallies once every cell is counted. Plain lists
    rather than :class:`_Tally` objects, written in the loop, as every distinct text of every column is
    counted there: the same first row, text and count as ``_Tally.add`` (no match), at less cost per cell.
    A legal person's name (on a row a SIRET/RNA identifies) counts as LEGAL evidence."""
    stats = ColumnStats(column=column, hints=column_hints(column), non_empty=len(texts) - counts.get("", 0))
    names: dict[NameEvidence, list] = {}  # level -> [first row, first text, cells]
    signals = column_signals([text for text in counts if text])
    groups, first_row = _distinct_cells(texts, legal_rows, counts)
    for text, legal_row, cells in groups:
        if not text:
            continue
        sig = signals[text]
        level = sig.name
        if legal_row and level is not NameEvidence.NONE and level is not NameEvidence.LEGAL:
            level = NameEvidence.LEGAL
        found = names.get(level)
        if found is None:
            names[level] = [first_row(text, legal_row), text, cells]
        else:
            found[2] += cells
        if sig.quiet:  # of the steps below, a cell with no other signal takes only the name count
            continue
        row = first_row(text, legal_row)
        if sig.matches:
            _count_matches(stats, sig, row, text, cells)
        if sig.bare_nine_digits or sig.phone_digits:
            stats.bare_nine.add(row, text, cells=cells)
        if sig.nir_shaped:
            stats.nir_shaped.add(row, text, cells=cells)
        if sig.fifteen_digits:
            stats.fifteen_digits += cells
        if sig.iban_shaped:
            stats.iban_shaped.add(row, text, cells=cells)
        if sig.date is not None and is_plausible_birth_date(sig.date, reference_date):
            stats.birth.add(row, text, cells=cells)
            stats.birth_years.extend([sig.date.year] * cells)
        if sig.street:
            stats.street.add(row, text, cells=cells)
    stats.names = {level: _Tally(count, row, text) for level, (row, text, count) in names.items()}
    return stats


def _count_matches(stats: ColumnStats, sig: CellSignals, row: int, text: str, cells: int) -> None:
    """Count the pattern matches of ``cells`` equal cells: whole cells by kind, or matches inside text."""
    seen_whole: set[PersonalKind] = set()
    seen_embedded: set[PersonalKind] = set()
    whole = sig.only_patterns
    for match in sig.matches:
        if match.generic:
            continue
        if match.kind is PersonalKind.PHONE and match.compact and whole:
            stats.compact_phone.add(row, text, match, cells)
        elif whole and match.kind not in seen_whole:
            seen_whole.add(match.kind)
            stats.tally(stats.whole, match.kind).add(row, text, match, cells)
        elif not whole and match.kind not in seen_embedded:
            seen_embedded.add(match.kind)
            stats.tally(stats.embedded, match.kind).add(row, text, match, cells)
    if seen_embedded:
        stats.embedded_cells.add(row, text, cells=cells)


# --------------------------------------------------------------------------------------------
# Decisions
# --------------------------------------------------------------------------------------------

_PERSONISH = (NameEvidence.STRONG, NameEvidence.MEDIUM, NameEvidence.FIRST_NAME, NameEvidence.SURNAME,
              NameEvidence.WEAK)
_NAME_EVIDENCE = (NameEvidence.STRONG, NameEvidence.MEDIUM, NameEvidence.FIRST_NAME, NameEvidence.SURNAME)
_NOT_PERSONISH = frozenset(NameEvidence) - frozenset(_PERSONISH)


def _example_for(kind: PersonalKind, tally: _Tally) -> str:
    if tally.first_match is not None:
        return mask_match(tally.first_match, for_report=True)
    text = tally.first_text
    if kind is PersonalKind.PHONE:
        return mask_digits(text, keep_first=1, keep_last=2)
    if kind is PersonalKind.NIR:
        return mask_nir(text, keep_first=True)
    if kind is PersonalKind.IBAN:
        return mask_iban(text, keep_last=True)
    if kind is PersonalKind.BIRTH_DATE:
        return mask_date(text)
    if kind is PersonalKind.PERSON_NAME:
        return mask_name(text, for_report=True)
    if kind is PersonalKind.ADDRESS:
        return mask_address(text)
    return mask_words(text, keep_initials=False)


def _first(*tallies: _Tally) -> _Tally:
    present = [t for t in tallies if t.count]
    return min(present, key=lambda t: t.first_row) if present else _Tally()


def _detection(stats: ColumnStats, kind: PersonalKind, count: int, first: _Tally, severity: Severity,
               evidence: str, contains: tuple[PersonalKind, ...] = ()) -> Detection:
    return Detection(column=stats.column, kind=kind, count=count, non_empty=stats.non_empty,
                     example=_example_for(kind, first) if kind is not PersonalKind.FREE_TEXT
                     else "… " + mask_match(first.first_match, for_report=True) + " …",
                     first_row=first.first_row + 1, severity=severity, evidence_fr=evidence, contains=contains)


def _min_share(kind: PersonalKind, named: bool) -> float:
    rule = RULES[kind]
    if named:
        return rule.min_share_named
    return rule.min_share if rule.min_share is not None else float("inf")


def _named(stats: ColumnStats) -> str:
    return f"le nom de colonne « {stats.column} » et "


def _pattern_detections(stats: ColumnStats) -> list[Detection]:
    """E-mails, phones, NIR, IBAN: whole cells by :data:`RULES`, and any found inside text."""
    if not (stats.whole or stats.embedded or stats.nir_shaped.count or stats.iban_shaped.count
            or stats.compact_phone.count or stats.bare_nine.count):
        return []  # every rule below needs one of these cells (most columns have none): none can flag the column
    out: list[Detection] = []
    hints, n = stats.hints, stats.non_empty
    no_cells = _Tally()  # the tally of a kind no whole cell holds (only read)
    whole = stats.whole

    # NIR
    nir = whole.get(PersonalKind.NIR, no_cells)
    if Hint.NIR in hints and stats.nir_shaped.count:
        out.append(_detection(stats, PersonalKind.NIR, max(stats.nir_shaped.count, nir.count),
                              _first(nir, stats.nir_shaped), Severity.HIGH,
                              _named(stats) + "des numéros à 13 ou 15 chiffres"))
    elif nir.count:
        chance = (stats.fifteen_digits >= _NIR_CHANCE_MIN_VALUES
                  and nir.count <= _NIR_CHANCE_SHARE * stats.fifteen_digits)
        if not chance:
            out.append(_detection(stats, PersonalKind.NIR, nir.count, nir, Severity.HIGH,
                                  "des numéros dont la clé de contrôle NIR est valide"))

    # IBAN
    iban = whole.get(PersonalKind.IBAN, no_cells)
    if Hint.IBAN in hints and stats.iban_shaped.count:
        out.append(_detection(stats, PersonalKind.IBAN, max(stats.iban_shaped.count, iban.count),
                              _first(iban, stats.iban_shaped), Severity.HIGH, _named(stats) + "des numéros de compte"))
    elif iban.count:
        out.append(_detection(stats, PersonalKind.IBAN, iban.count, iban, Severity.HIGH,
                              "des IBAN dont la clé de contrôle est valide"))

    # E-mail
    email = whole.get(PersonalKind.EMAIL, no_cells)
    if email.count and stats.share(email.count) >= _min_share(PersonalKind.EMAIL, Hint.EMAIL in hints):
        out.append(_detection(stats, PersonalKind.EMAIL, email.count, email, Severity.MEDIUM,
                              "des adresses e-mail nominatives (hors adresses de service)"))

    # Phone
    phone = whole.get(PersonalKind.PHONE, no_cells)
    if Hint.PHONE in hints:
        count = phone.count + stats.compact_phone.count + stats.bare_nine.count
        if count and stats.share(count) >= _min_share(PersonalKind.PHONE, True):
            out.append(_detection(stats, PersonalKind.PHONE, count, _first(phone, stats.compact_phone, stats.bare_nine),
                                  Severity.MEDIUM, _named(stats) + "des numéros de téléphone"))
    else:
        formatted = phone.count and stats.share(phone.count) >= _min_share(PersonalKind.PHONE, False)
        compact = stats.share(stats.compact_phone.count) >= _COMPACT_PHONE_SHARE
        if formatted or compact:
            count = (phone.count if formatted else 0) + (stats.compact_phone.count if compact else 0)
            first = _first(phone if formatted else _Tally(), stats.compact_phone if compact else _Tally())
            out.append(_detection(stats, PersonalKind.PHONE, count, first, Severity.MEDIUM,
                                  f"{count} valeurs sur {n} ont la forme d'un numéro de téléphone français"))

    # Inside text
    inside = [k for k in (PersonalKind.NIR, PersonalKind.IBAN, PersonalKind.EMAIL, PersonalKind.PHONE)
              if k in stats.embedded]
    if inside:
        first = _first(*(stats.embedded[k] for k in inside))
        cells = stats.embedded_cells.count
        severity = Severity.HIGH if {PersonalKind.NIR, PersonalKind.IBAN} & set(inside) else Severity.MEDIUM
        out.append(_detection(stats, PersonalKind.FREE_TEXT, cells, first, severity,
                              "des coordonnées écrites dans le texte", contains=tuple(inside)))
    return out


def _birth_detection(stats: ColumnStats, *, table_has_people: bool) -> Detection | None:
    """Birth dates: a birth column name and plausible dates; or, in a table naming people, a
    column of dates spread over a lifetime whose name is not an event (adhésion, décision…)."""
    if not stats.birth.count:
        return None
    share = stats.share(stats.birth.count)
    if Hint.BIRTH in stats.hints:
        if share < _min_share(PersonalKind.BIRTH_DATE, True):
            return None
        return _detection(stats, PersonalKind.BIRTH_DATE, stats.birth.count, stats.birth, Severity.MEDIUM,
                          _named(stats) + "des dates passées d'âge plausible")
    span = max(stats.birth_years) - min(stats.birth_years)
    if (not table_has_people or share < _min_share(PersonalKind.BIRTH_DATE, False) or span < _UNNAMED_BIRTH_SPAN
            or set(name_tokens(stats.column)) & _EVENT_WORDS):
        return None
    return _detection(stats, PersonalKind.BIRTH_DATE, stats.birth.count, stats.birth, Severity.MEDIUM,
                      f"des dates étalées sur {span} ans, dans un tableau qui nomme des personnes")


def _name_detection(stats: ColumnStats, *, sibling_first_names: bool) -> Detection | None:
    n = stats.non_empty
    if not n or stats.names.keys() <= _NOT_PERSONISH:
        return None  # each rule below needs a share of person-like cells above 0 (most columns have none)
    personish = stats.name_count(*_PERSONISH)
    evidence = stats.name_count(*_NAME_EVIDENCE)
    strong = stats.name_count(NameEvidence.STRONG)
    tallies = [stats.names[level] for level in _PERSONISH if level in stats.names]
    if _person_hinted(stats.hints):
        hinted_share = stats.share(personish) >= _min_share(PersonalKind.PERSON_NAME, True)
        if Hint.FIRST_NAME in stats.hints:
            flagged = hinted_share  # "prénom" + single capitalised words: no lexicon needed
        else:
            flagged = hinted_share and (stats.share(evidence) >= _NAME_EVIDENCE_SHARE or sibling_first_names)
        if flagged:
            severity = Severity.MEDIUM if evidence else Severity.LOW
            return _detection(stats, PersonalKind.PERSON_NAME, personish, _first(*tallies), severity,
                              _named(stats) + f"{personish} valeurs en forme de nom de personne")
        return None
    if Hint.ENTITY not in stats.hints and strong and \
            stats.share(strong) >= _min_share(PersonalKind.PERSON_NAME, False):
        # without a name column, only civilities and known first names count: "BF Bayard", "GHM Ronde"
        # (product models) have the "NOM Prénom" shape too
        return _detection(stats, PersonalKind.PERSON_NAME, strong, stats.names[NameEvidence.STRONG], Severity.MEDIUM,
                          f"{strong} valeurs sur {n} sont des noms de personnes (civilité ou prénom connu)")
    return None


def _address_detection(stats: ColumnStats, *, table_has_people: bool) -> Detection | None:
    if not stats.street.count or Hint.ENTITY in stats.hints:
        return None
    share = stats.share(stats.street.count)
    about_people = Hint.DOMICILE in stats.hints or Hint.PERSON in stats.hints or table_has_people
    if Hint.ADDRESS in stats.hints:
        flagged = share >= _min_share(PersonalKind.ADDRESS, True) and about_people
    else:
        flagged = share >= _min_share(PersonalKind.ADDRESS, False) and table_has_people
    if not flagged:
        return None
    return _detection(stats, PersonalKind.ADDRESS, stats.street.count, stats.street, Severity.MEDIUM,
                      f"{stats.street.count} adresses avec numéro et voie, dans un tableau qui nomme des personnes"
                      if Hint.DOMICILE not in stats.hints else _named(stats) + "des adresses avec numéro et voie")


# --------------------------------------------------------------------------------------------
# Entry points
# --------------------------------------------------------------------------------------------

def _cells(series: pd.Series) -> list:
    """The values of a column as Python objects: Arrow text read in one call (pandas would box each
    value on its own); other columns as pandas gives them (timestamps, numbers…)."""
    array = series.array
    if hasattr(array, "__arrow_array__"):
        arrow = array.__arrow_array__()
        if arrow.type in (pa.string(), pa.large_string()):
            return arrow.to_pylist()
    return series.tolist()


def column_texts(frame: pd.DataFrame) -> list[list[str]]:
    """The text of every cell, column by column (``""`` for empty cells)."""
    return [[cell_text(v) for v in _cells(frame.iloc[:, index])] for index in range(frame.shape[1])]


def cell_texts(cells: Sequence[Sequence[Any]]) -> list[list[str]]:
    """The text of every cell of ``cells`` (values, column by column; ``""`` for empty cells)."""
    return [[cell_text(v) for v in column] for column in cells]


def string_cell_texts(columns: Sequence[Sequence[str | None]]) -> list[list[str]]:
    """:func:`cell_texts` of text columns (every value a ``str`` or ``None``, as Arrow string columns
    give them), without a call per cell: :func:`cell_text` of ``None`` is ``""`` and of a ``str`` the
    text stripped, which is what this writes inline (tested equal)."""
    return [["" if v is None else v.strip() for v in column] for column in columns]


def _texts(frame: pd.DataFrame, cells: Sequence[Sequence[Any]] | None) -> list[list[str]]:
    """The text of every cell of ``frame``, from ``cells`` (its values, column by column) when given."""
    return column_texts(frame) if cells is None else cell_texts(cells)


def detect_personal_data(frame: pd.DataFrame, *, schema_id: str | None = None,
                         reference_date: dt.date | None = None,
                         cells: Sequence[Sequence[Any]] | None = None) -> tuple[Detection, ...]:
    """Every personal-data detection in ``frame``, in column order.

    ``reference_date`` (the build date) lets birth dates be checked as "in the past"; without
    it, any date from 1900 to 2100 counts. Detections of columns public by nature carry their
    ``public_reason``. ``cells``, when the caller has them, are the values of each column of
    ``frame`` as Python objects (as pandas gives them), which saves looking the columns up.
    """
    return detect_in_texts([str(c) for c in frame.columns], _texts(frame, cells), frame.shape[0],
                           schema_id=schema_id, reference_date=reference_date)


def _kind_order(detection: Detection) -> int:
    """The sort key of a column's detections (made once, not a lambda per column; most columns have none
    or one detection, and are not sorted)."""
    return KIND_ORDER[detection.kind]


def detect_in_texts(columns: list[str], texts: list[list[str]], rows: int, *, schema_id: str | None = None,
                    reference_date: dt.date | None = None) -> tuple[Detection, ...]:
    """:func:`detect_personal_data` on the text of every cell (``""`` for empty cells), column by
    column: ``rows`` cells in each of ``columns``. A table read by portalgen has its texts at hand,
    and needs no pandas frame for the scan."""
    counts = cell_counts(texts)
    id_columns = [(p, columns[p]) for p in _legal_id_columns(columns, texts, counts)]
    all_stats = []
    for index, column in enumerate(columns):
        own_ids = _ids_for(column, id_columns) if id_columns else None
        legal_rows = [any(texts[p][row] for p in own_ids) for row in range(rows)] if own_ids else None
        all_stats.append(_column_stats(column, texts[index], legal_rows, counts[index], reference_date))

    def with_reason(detection: Detection | None) -> Detection | None:
        if detection is None:
            return None
        return replace(detection, public_reason=public_reason(schema_id, detection.column, detection.kind))

    first_pass: list[list[Detection]] = []
    for stats in all_stats:
        found = [with_reason(d) for d in _pattern_detections(stats)]
        name = with_reason(_name_detection(stats, sibling_first_names=False))
        if name:
            found.append(name)
        first_pass.append(found)

    private_names = [d for found in first_pass for d in found
                     if d.kind is PersonalKind.PERSON_NAME and d.public_reason is None]
    first_name_flagged = any(Hint.FIRST_NAME in column_hints(d.column) for d in private_names)
    result: list[Detection] = []
    for stats, found in zip(all_stats, first_pass):
        if first_name_flagged and set(name_tokens(stats.column)) & _SURNAME_WORDS \
                and not any(d.kind is PersonalKind.PERSON_NAME for d in found):
            sibling = with_reason(_name_detection(stats, sibling_first_names=True))
            if sibling:
                found.append(sibling)
        people_elsewhere = any(d.column != stats.column for d in private_names)
        for late in (_birth_detection(stats, table_has_people=people_elsewhere),
                     _address_detection(stats, table_has_people=people_elsewhere)):
            if late is not None:
                found.append(with_reason(late))
        result.extend(sorted(found, key=_kind_order) if len(found) > 1 else found)
    return tuple(result)


def scan_table(frame: pd.DataFrame, *, file_label: str, schema_id: str | None,
               column_policies: Mapping[str, ColumnPolicy], config_file: str | None = None,
               reference_date: dt.date | None = None, cells: Sequence[Sequence[Any]] | None = None
               ) -> PrivacyReport:
    """Check a table for personal data and weigh the findings against the column policies.

    ``file_label`` names the data file in messages (``data/contacts.csv``); ``config_file`` the
    dataset YAML where policies are written (used in hints); ``reference_date`` the build date.
    Returns a :class:`PrivacyReport`: ``report.ok_to_publish`` says whether the table may go
    online, ``report.to_findings()`` gives the build findings. ``cells``: see
    :func:`detect_personal_data`.
    """
    return scan_texts([str(c) for c in frame.columns], _texts(frame, cells), frame.shape[0],
                      file_label=file_label, schema_id=schema_id, column_policies=column_policies,
                      config_file=config_file, reference_date=reference_date)


def scan_texts(columns: list[str], texts: list[list[str]], rows: int, *, file_label: str, schema_id: str | None,
               column_policies: Mapping[str, ColumnPolicy], config_file: str | None = None,
               reference_date: dt.date | None = None) -> PrivacyReport:
    """:func:`scan_table` on the text of every cell, column by column (see :func:`detect_in_texts`): what
    the data work calls, since a table read by portalgen has its text columns at hand and no pandas frame."""
    detections = detect_in_texts(columns, texts, rows, schema_id=schema_id, reference_date=reference_date)
    return build_report(file_label=file_label, schema_id=schema_id, columns=columns,
                        detections=detections, policies=column_policies, config_file=config_file)


def _property_text(value: Any) -> Any:
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


def features_of(geojson: Mapping[str, Any] | Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The features of a FeatureCollection, or the given list of features."""
    if isinstance(geojson, Mapping):
        if geojson.get("type") == "Feature":
            return [geojson]
        return list(geojson.get("features") or [])
    return list(geojson)


def properties_frame(geojson: Mapping[str, Any] | Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """A DataFrame with one row per feature and one column per property (in first-seen order).

    Nested objects and lists become JSON text, so e-mails hidden inside them are still found.
    """
    features = features_of(geojson)
    columns: dict[str, None] = {}
    for feature in features:
        for key in (feature.get("properties") or {}):
            columns.setdefault(str(key), None)
    rows = [{str(k): _property_text(v) for k, v in (feature.get("properties") or {}).items()} for feature in features]
    return pd.DataFrame(rows, columns=list(columns), dtype=object)


def scan_geojson_properties(geojson: Mapping[str, Any] | Iterable[Mapping[str, Any]], *, file_label: str,
                            schema_id: str | None, column_policies: Mapping[str, ColumnPolicy],
                            config_file: str | None = None, reference_date: dt.date | None = None) -> PrivacyReport:
    """:func:`scan_table` on the properties of GeoJSON features (see :func:`properties_frame`).

    Geometries are not checked: a point on a private home is personal data too, which only
    the person publishing can judge.
    """
    return scan_table(properties_frame(geojson), file_label=file_label, schema_id=schema_id,
                      column_policies=column_policies, config_file=config_file, reference_date=reference_date)


__all__ = [
    "CONTACT_KINDS", "ColumnStats", "CellSignals", "Hint", "KindRule", "PUBLIC_COLUMNS", "PublicColumns", "RULES",
    "cell_signals", "cell_texts", "column_hints", "column_key", "column_signals", "column_texts",
    "detect_personal_data", "features_of", "is_long_text", "string_cell_texts",
    "normalise_schema_id", "properties_frame", "public_reason", "scan_geojson_properties", "scan_table", "scan_texts",
]
