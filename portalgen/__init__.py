"""portalgen: a static open-data portal generator for French communes."""

__version__ = "0.1.0"
