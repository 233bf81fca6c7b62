"""Files the portal receives and writes: uploads checked before they are kept (``uploads``), written whole
or not at all (``storage``), and spreadsheets read within limits and written formula-safe
(``spreadsheets``). Depends on Django and openpyxl only; the apps use it, it uses no app."""
