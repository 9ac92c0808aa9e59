"""Regulator reports: the Art. 30 register rendered from its snapshot as PDF, XLSX, CSV, HTML and JSON.

`service.export_register()` is the single entry point; formats are plug-ins in `exporters/`.
"""
