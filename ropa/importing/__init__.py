"""Importing a register kept elsewhere: the UK ICO template (XLSX), CSV, and ropa's own XLSX, CSV and JSON exports.

The importer is the exporters' counterpart: it reads spreadsheets through the same sheet declarations
(`ropa.reports.sheets`, each column's `variants` and `parse`), maps free text to the register's entries with a
confidence (`vocabulary.py`), and writes through the models and the API's nested writer (`service.py`). Entry point:
`ropa.importing.service.import_register`. This package's `__init__` imports nothing, so the report declarations can
use `cells.py`.
"""
