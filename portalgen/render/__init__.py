"""Render the site model into pages and files."""
