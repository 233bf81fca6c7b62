"""How rows enter the federation's registers from Excel, shared by every app's ``resources.py``: the parts
bound to the domain's rules. ``resources.ScopedResource`` and ``resources.Column`` (a resource scoped to the
user, all-or-nothing), ``bulk`` (the COPY and ``bulk_create`` writers that keep history and apply the
ownership rule), ``id_numbers`` (the 身份证号 column) and ``admin.ImportExportAdminMixin`` (the admin pages).

The platform parts are elsewhere: cell converters in ``entry.cells``, the .xlsx format and the template
workbook in ``files.import_format`` and ``files.import_template``.
"""
