"""Site configuration: YAML with locations, a typed schema, and a loader that reports every problem."""

from .load import load_site_config, load_dataset_file, SiteSource
from .schema import SiteConfig, DatasetConfig, ResourceConfig

__all__ = ["load_site_config", "load_dataset_file", "SiteSource", "SiteConfig", "DatasetConfig", "ResourceConfig"]
