"""Themes shipped with portalgen (installed as the ``portalgen.themes`` package data)."""
