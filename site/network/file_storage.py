"""Where files live (docs/deploy.md, "Files"): the "default" storage holds media, Wagtail
images and documents; the "private" storage holds help-desk attachments (and grant files),
which have no URL at all and leave only through a view that checks access.

Both are aliases of settings.STORAGES: local folders on one machine, S3-compatible buckets
when AWS_STORAGE_BUCKET_NAME and HUB_PRIVATE_BUCKET_NAME are set (config.settings.base).
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, cached_property, empty
from storages.backends.s3 import S3Storage

PRIVATE_STORAGE_ALIAS = "private"


class NoURL:
    """Files with no URL: a template can never link to one directly."""

    def url(self, name):
        raise ValueError("Private files have no URL; serve them through a view that checks access.")


class PrivateFileSystemStorage(NoURL, FileSystemStorage):
    """A local folder outside MEDIA_ROOT (HUB_PRIVATE_MEDIA_ROOT unless told otherwise)."""

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.HUB_PRIVATE_MEDIA_ROOT)

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "HUB_PRIVATE_MEDIA_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)


class PublicS3Storage(S3Storage):
    """The public bucket. Its ACL (AWS_DEFAULT_ACL, for providers that grant reads by ACL)
    goes only on objects in the public folders (HUB_PUBLIC_MEDIA_FOLDERS: images): a
    document, which Wagtail serves through its view and its collection's privacy, is
    written without one, so it is never readable at its bucket address."""

    def _get_write_parameters(self, name, content=None):
        params = super()._get_write_parameters(name, content)
        folder = name.lstrip("/").split("/", 1)[0]
        if folder not in settings.HUB_PUBLIC_MEDIA_FOLDERS:
            params.pop("ACL", None)
        return params


class PrivateS3Storage(NoURL, S3Storage):
    """The private bucket: objects written with no ACL, never overwritten, and none of the
    public bucket's ACL, CDN domain, prefix or cache headers (class attributes win over the
    AWS_* settings django-storages would otherwise read).

    No ACL, not the canned "private" one: an object written without an ACL is readable by
    the bucket's owner only, and a bucket with ACLs disabled (Amazon's default since 2023)
    refuses every PUT that names an ACL other than bucket-owner-full-control."""

    default_acl = None
    querystring_auth = True
    file_overwrite = False
    custom_domain = None
    location = ""
    object_parameters = {}  # noqa: RUF012 (django-storages reads it, never changes it)


class _PrivateStorage(LazyObject):
    """storages["private"], looked up when first used and again after STORAGES changes (a
    test's override_settings): a model field keeps this one object for the whole process."""

    def _setup(self):
        if PRIVATE_STORAGE_ALIAS in settings.STORAGES:
            self._wrapped = storages[PRIVATE_STORAGE_ALIAS]
        else:  # settings written before the alias existed: the local folder, as before
            self._wrapped = PrivateFileSystemStorage()


private_storage = _PrivateStorage()


@receiver(setting_changed)
def _forget_private_storage(*, setting, **kwargs):
    if setting in ("STORAGES", "HUB_PRIVATE_MEDIA_ROOT"):
        private_storage._wrapped = empty


def is_local(storage) -> bool:
    """True when the storage is a folder on this machine's disk."""
    if isinstance(storage, LazyObject):
        if storage._wrapped is empty:
            storage._setup()
        storage = storage._wrapped
    return isinstance(storage, FileSystemStorage)
