"""Prénoms des nouveau-nés: ``scdl/prenoms`` 1.1.6, from the published field list."""

from ._dsl import ChartSuggestion, SchemaDefinition, Field as F, INSEE_COMMUNE_PATTERN

DEFINITION = SchemaDefinition(
    id="scdl/prenoms",
    name="prenoms",
    aliases=(),
    title="Prénoms des nouveau-nés",
    version="1.1.6",
    url="https://schema.data.gouv.fr/schemas/scdl/prenoms/1.1.6/schema.json",
    scdl=True,
    explanation=("Les prénoms donnés aux enfants dont la naissance a été déclarée dans la commune,"
                 " année par année : un jeu de données simple et très consulté, tiré de l'état "
                 "civil."),
    fields=(
        F("COMMUNE_NOM", "string", "Commune",
          "Nom de la commune où la naissance a été déclarée.",
          pattern=r"^(Le |La |Les |Los |Aux |L'|)([A-ZÉÇŒÈÎ])(((-| | - |')[A-ZÉÇŒÈÎ])|('|-| |)[a-zàâéèêëïîÿôûüœç])*( \([A-Z][a-z]*\)|)$",
          pattern_help="nom officiel avec majuscules initiales, par exemple Rennes ou Saint-Malo"),
        F("COLL_INSEE", "string", "Code INSEE",
          "Code INSEE de la commune, 5 caractères.",
          required=True, pattern=INSEE_COMMUNE_PATTERN),
        F("ENFANT_SEXE", "string", "Sexe",
          "M (masculin), F (féminin) ou I (indéterminé).",
          required=True, enum=("M", "F", "I")),
        F("ENFANT_PRENOM", "string", "Prénom",
          "Prénom donné, avec majuscule initiale et accents.",
          required=True,
          pattern="^'?[A-ZÉÀÈÙÄËÏÖÜŸÂÊÎÔÛŶÇŒÆ][a-zéàèùäëïüöÿâêîôûŷçæœ]*(|'|(('[A-ZÉÀÈÙÄËÏÖÜŸÂÊÎÔÛŶÇŒÆa-zéàèùäëïüöÿâêîôûŷçæœ][a-zéàèùäëïüöÿâêîôûŷçæœ]*'?){1,2}|(-[A-ZÉÀÈÙÄËÏÖÜŸÂÊÎÔÛŶÇŒÆ][a-zéàèùäëïüöÿâêîôûŷçæœ]*'?){1,2}){1,5})$",
          pattern_help="majuscule initiale puis minuscules, parties séparées par un tiret ou une apostrophe, par exemple Jean-Pierre"),
        F("NOMBRE_OCCURRENCES", "integer", "Nombre",
          "Nombre d'enfants ayant reçu ce prénom dans l'année.",
          required=True, minimum=1, maximum=999999),
        F("ANNEE", "year", "Année",
          "Année des naissances.",
          required=True),
    ),
    charts=(
        ChartSuggestion("Naissances par année", "bar", "sum", "ANNEE",
                        value_field="NOMBRE_OCCURRENCES", series_field="ENFANT_SEXE"),
        ChartSuggestion("Prénoms les plus donnés", "bar", "sum", "ENFANT_PRENOM",
                        value_field="NOMBRE_OCCURRENCES",
                        limit=20),
    ),
)
