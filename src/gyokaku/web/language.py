"""The language switch: a link, not a form.

Django's ``set_language`` takes a POST with a CSRF token, so every page that shows the switch
would set a ``csrftoken`` cookie, and an answer that sets a cookie is kept by no shared cache.
Choosing a language changes nothing but the reader's own cookie (no data, nobody else's
view), so a GET is enough, and anonymous pages set no cookie at all until someone chooses.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}


@require_GET
@never_cache
def language_switch(request: HttpRequest) -> HttpResponse:
    """``/language/?lang=en&next=/plans/…/``: remember the language, go back to the page."""
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"  # only our own pages: the link must not lead readers elsewhere
    response = HttpResponseRedirect(target)
    code = request.GET.get("lang", "")
    if code in LANGUAGE_CODES:
        # The same cookie, with the same attributes, as Django's set_language writes.
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            code,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response
