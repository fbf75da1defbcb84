"""Texts of Django's own admin templates that Django's Simplified Chinese catalogue lacks.

Marked here so makemessages keeps them in the platform catalogue, whose translations
(LOCALE_PATHS) take precedence over Django's: the admin then reads in Chinese throughout.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop

DJANGO_ADMIN_TEXTS = (
    gettext_noop("Change or view list link"),  # admin/app_list.html (screen-reader heading)
    gettext_noop("After you’ve created a user, you’ll be able to edit more user options."),
)
