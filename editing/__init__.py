"""Editing safely: a change form refuses to overwrite a row somebody else saved while it was open
(``stale.py``). Used by the admin base and the portal's edit forms; knows nothing of the domain."""
