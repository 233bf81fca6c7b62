"""Excel import and export machinery shared by every app's ``resources.py``.

``resources.ScopedResource`` and ``resources.Column`` (what a resource is made of), ``widgets`` (Chinese
labels, dates as people type them, 是/否, 身份证号), ``formats`` (safe reading, streamed writing),
``workbooks`` (the downloadable template) and ``admin.ImportExportAdminMixin`` (the admin pages).
"""
