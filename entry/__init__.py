"""Data entry that forgives the way clerks type: dates (``dates``) and telephone numbers (``phones``), each
read by one parser that the admin's and the portal's forms and the Excel imports all share, so a value a
form accepts is one the import accepts and the other way round; and the imports' cell converters
(``cells``: text, dates, numbers, 是/否, Chinese labels of choices, phones). Depends on Django and
django-import-export only; the apps use it."""
