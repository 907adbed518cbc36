"""Media from the local disk (one machine, no bucket): Wagtail's images, their renditions
and the admin's avatars, served by Django itself in every environment, production included.

With a bucket the default storage is not local, and this answers 404: images then have the
bucket's (or its CDN's) addresses. Documents are never served here, whatever the storage:
they go through Wagtail's view (/documents/...), which applies privacy collections.
"""

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import Http404
from django.views import static

from ..file_storage import is_local

# Image files keep their names (a replaced image gets a new one): a day in any cache.
CACHE_CONTROL = "public, max-age=86400"


def media(request, path):
    folder, _, rest = path.partition("/")
    if not rest or folder not in settings.HUB_PUBLIC_MEDIA_FOLDERS:
        raise Http404
    if not is_local(default_storage):
        raise Http404
    response = static.serve(request, path, document_root=default_storage.location)
    response["Cache-Control"] = CACHE_CONTROL
    # Opened on its own (an SVG, say), a file runs nothing and reaches nothing.
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    return response
