"""`check --deploy`: with several nodes, files must live in buckets every node reaches.

A file on one node's disk is missing on the others (a help-desk attachment uploaded through
node A answered 500 on node B). Unless HUB_ONE_MACHINE (or HUB_ONE_PROCESS) says every
process runs on this machine, both the public bucket (AWS_STORAGE_BUCKET_NAME: media,
images, documents) and the private one (HUB_PRIVATE_BUCKET_NAME: help-desk attachments,
grant files) must be set.
"""

from django.conf import settings
from django.core import checks
from django.core.files.storage import storages

from .file_storage import PRIVATE_STORAGE_ALIAS, is_local, private_storage

HINT = (
    "Set AWS_STORAGE_BUCKET_NAME and HUB_PRIVATE_BUCKET_NAME (docs/deploy.md, 'Files'), or "
    "HUB_ONE_MACHINE=true if every process of this site runs on this machine."
)


@checks.register(checks.Tags.files, deploy=True)
def files_reach_every_node(app_configs, **kwargs):
    if settings.HUB_ONE_MACHINE or settings.HUB_ONE_PROCESS:
        return []
    errors = []
    if is_local(storages["default"]):
        errors.append(
            checks.Error(
                "Media, images and documents are stored on this machine's disk: other nodes "
                "cannot serve them.",
                hint=HINT,
                id="network.E010",
            )
        )
    if is_local(private_storage):
        errors.append(
            checks.Error(
                f"Private files (the '{PRIVATE_STORAGE_ALIAS}' storage: help-desk attachments) "
                "are stored on this machine's disk: other nodes cannot serve them.",
                hint=HINT,
                id="network.E011",
            )
        )
    return errors
