"""Coordinates for maps: finding coordinate columns, reading points (with projections), GeoJSON in and out."""

from .coordinates import (CoordinateColumns, MapSpec, PointsResult, extract_number_points, extract_points,
                          find_coordinate_columns, in_france, parse_map_spec, to_lonlat)
from .geojson import (FeatureSummary, load_geojson_text, point_collection, points_to_geojson, popup_fields,
                      summarize_features, validate_geojson)

__all__ = [
    "CoordinateColumns", "FeatureSummary", "MapSpec", "PointsResult", "extract_number_points", "extract_points",
    "find_coordinate_columns", "in_france", "load_geojson_text", "parse_map_spec", "point_collection",
    "points_to_geojson", "popup_fields", "summarize_features", "to_lonlat", "validate_geojson",
]
