"""Coplan: co-create an open-government action plan with the public, in English and French."""

__version__ = "0.1.0"
