"""The scenario catalog: the scenario files, their schema and their loader."""

from handlers.catalog.loader import Catalog, CatalogError, load_catalog

__all__ = ["Catalog", "CatalogError", "load_catalog"]
