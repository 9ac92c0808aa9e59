"""Register report formats as plug-ins: one module per format, each registering one `Exporter` class."""

from . import csv, html, json, pdf, xlsx  # noqa: F401  (importing registers them)
from .base import ExportContext, Exporter, exporters, get_exporter, register_exporter

__all__ = ["ExportContext", "Exporter", "exporters", "get_exporter", "register_exporter"]
