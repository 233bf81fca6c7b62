"""WSGI entry point (gunicorn fulian.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fulian.settings.production")
application = get_wsgi_application()
