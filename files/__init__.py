"""Files the portal receives and writes: uploads checked before they are kept (``uploads``), written whole
or not at all (``storage``), and spreadsheets read within limits and written formula-safe
(``spreadsheets``), the imports' and exports' .xlsx format (``import_format``: read safely, written
streamed) and the downloadable import template (``import_template``). Depends on Django, openpyxl,
django-import-export and ``entry`` only; the apps use it, it uses no app."""
