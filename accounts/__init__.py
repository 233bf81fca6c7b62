"""Sign-in rules: the password policy (``passwords``) and the lockout after failed sign-ins by address and
by username (``lockout``, for django-axes). Depends on Django only."""
