"""Read the site folder into the site model: datasets and their files, Markdown documents."""

from .datasets import read_datasets
from .documents import read_documents

__all__ = ["read_datasets", "read_documents"]
