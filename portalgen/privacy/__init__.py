"""The personal-data guard (CNIL/GDPR): find personal data in a table before it goes online.

Typical use by the build, for one tabular resource::

    policies, problems = parse_policies(resource_config.privacy, where=location_of_privacy_key)
    report = scan_table(frame, file_label="data/contacts.csv", schema_id=dataset.schema,
                        column_policies=policies, config_file=dataset.file,
                        reference_date=site.build_date)
    findings = [*problems, *report.to_findings()]     # errors block the build
    if report.ok_to_publish:
        published = anonymise(frame, policies, salt=site_salt, file_label="data/contacts.csv")

GeoJSON: :func:`scan_geojson_properties` scans the features' properties as a table
(:func:`properties_frame`), and :func:`anonymise_features` applies the policies to them.
"""

from .anonymise import anonymise, anonymise_features, generalise_cell, hash_value, mask_cell, number_range
from .detect import (
    PUBLIC_COLUMNS, RULES, PublicColumns, cell_texts, column_hints, detect_personal_data, normalise_schema_id,
    properties_frame, public_reason, scan_geojson_properties, scan_table, scan_texts, string_cell_texts,
)
from .patterns import PersonalKind
from .report import (
    ColumnPolicy, Detection, PolicyMode, PrivacyFinding, PrivacyReport, Severity, Status, build_report,
    check_policies, parse_policies,
)

__all__ = [
    "PUBLIC_COLUMNS", "RULES", "ColumnPolicy", "Detection", "PersonalKind", "PolicyMode", "PrivacyFinding",
    "PrivacyReport", "PublicColumns", "Severity", "Status", "anonymise", "anonymise_features", "build_report",
    "cell_texts", "check_policies", "column_hints", "detect_personal_data", "generalise_cell", "hash_value",
    "mask_cell",
    "normalise_schema_id", "number_range", "parse_policies", "properties_frame", "public_reason",
    "scan_geojson_properties", "scan_table", "scan_texts", "string_cell_texts",
]
