"""The WSGI application, for `gyokaku serve` (gunicorn or waitress) or any other WSGI server."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gyokaku.settings")
application = get_wsgi_application()

# Refuse to serve with a key anyone can guess: sessions and CSRF tokens are signed with it.
from gyokaku.startup import secret_key_problem  # noqa: E402  (needs the settings loaded)

_problem = secret_key_problem(settings.SECRET_KEY, debug=settings.DEBUG)
if _problem:
    raise ImproperlyConfigured(_problem)
