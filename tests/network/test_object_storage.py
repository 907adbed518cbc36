"""Files on S3-compatible storage (issue 23): the settings' real STORAGES entries
(config.settings.base.object_storages) pointed at moto's S3 server (tests/s3server.py).

- a help-desk attachment filed through the city's form lands in the private bucket, is not
  readable without a signature, downloads through the access-checked view for the city and
  answers 404 to another city;
- Wagtail's documents and images land in the public bucket: images (and renditions) are
  readable by anyone under the bucket policy the deploy guide gives, documents only through
  Wagtail's view (WAGTAILDOCS_SERVE_METHOD = "serve_view");
- a file missing from the bucket answers 404, a storage that does not answer 503, and
  neither is recorded as downloaded;
- one machine without a bucket: Django serves the image folders of MEDIA_ROOT itself;
- `check --deploy` refuses files on one node's disk unless HUB_ONE_MACHINE says one machine.

pytest-django's `settings` fixture sends setting_changed: Django's own receiver forgets the
storages built so far (django.test.signals.storages_changed) and network.file_storage's
forgets the private storage, so each test builds its storages from its own STORAGES.
"""

import io
import json
import urllib.error
import urllib.request
import uuid

import pytest
from botocore.config import Config
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.files.storage import default_storage, storages
from PIL import Image
from storages.backends.s3 import S3Storage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from config.settings.base import object_storages
from helpdesk.models import Attachment, Event, HelpRequest, private_storage
from network import storage_checks
from network.file_storage import PrivateFileSystemStorage, PrivateS3Storage, is_local
from network.models import Membership
from tests.helpdesk.test_attachments import city_lead, intake, minimal_pdf, upload  # noqa: F401
from tests.network.factories import MembershipFactory, OrganisationFactory
from tests.s3server import (
    ACCESS_KEY,
    REGION,
    SECRET_KEY,
    free_port,
    make_buckets,
    s3_server,  # noqa: F401 (a fixture)
)
from tests.s3server import client as s3_client

PUBLIC_FOLDERS = ("images", "original_images", "avatar_images")


def public_read_policy(bucket: str) -> str:
    """The public bucket's policy from the deploy guide: image folders only."""
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": "*",
                    "Action": "s3:GetObject",
                    "Resource": [f"arn:aws:s3:::{bucket}/{folder}/*" for folder in PUBLIC_FOLDERS],
                }
            ],
        }
    )


def with_test_credentials(entries: dict, **client) -> dict:
    for entry in entries.values():
        entry["OPTIONS"].update(access_key=ACCESS_KEY, secret_key=SECRET_KEY, **client)
    return entries


class Buckets:
    def __init__(self, endpoint):
        self.endpoint = endpoint
        suffix = uuid.uuid4().hex[:12]
        self.public = f"hub-public-{suffix}"
        self.private = f"hub-private-{suffix}"
        self.s3 = s3_client(endpoint)

    def keys(self, bucket: str) -> list[str]:
        listing = self.s3.list_objects_v2(Bucket=bucket)
        return [item["Key"] for item in listing.get("Contents", [])]

    def body(self, bucket: str, key: str) -> bytes:
        return self.s3.get_object(Bucket=bucket, Key=key)["Body"].read()

    def anonymous_get(self, url: str) -> tuple[int, bytes]:
        try:
            with urllib.request.urlopen(url, timeout=10) as answer:
                return answer.status, answer.read()
        except urllib.error.HTTPError as refused:
            return refused.code, b""


@pytest.fixture
def buckets(s3_server, settings):  # noqa: F811 (the s3_server fixture)
    """Both buckets on the moto server, and STORAGES as production builds it for them."""
    found = Buckets(s3_server)
    make_buckets(s3_server, found.public, found.private)
    found.s3.put_bucket_policy(Bucket=found.public, Policy=public_read_policy(found.public))
    settings.STORAGES = {
        **settings.STORAGES,
        **with_test_credentials(
            object_storages(found.public, found.private, endpoint_url=s3_server, region_name=REGION)
        ),
    }
    assert isinstance(storages["default"], S3Storage)
    assert isinstance(storages["private"], PrivateS3Storage)
    return found


def _download_url(help_request, attachment) -> str:
    return f"/en/help-desk/{help_request.public_id}/files/{attachment.public_id}/"


def _downloads(help_request) -> int:
    return Event.objects.filter(request=help_request, kind=Event.Kind.DOWNLOADED).count()


def _file_a_request(client, city_lead) -> tuple[HelpRequest, Attachment]:  # noqa: F811
    organisation = city_lead.memberships.get().organisation
    response = client.post(
        "/en/help-desk/new/",
        intake(organisation, files=[upload("brief.pdf", minimal_pdf(), "application/pdf")]),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    filed = HelpRequest.objects.get(summary="Sticker campaign near the library")
    return filed, filed.attachments.get()


# --- The settings' shape ---


def test_the_public_buckets_acl_domain_and_prefix_never_reach_the_private_one(settings):
    settings.AWS_DEFAULT_ACL = "public-read"
    settings.AWS_S3_CUSTOM_DOMAIN = "cdn.example.org"
    settings.AWS_LOCATION = "media"
    settings.AWS_QUERYSTRING_AUTH = False
    storage = PrivateS3Storage(bucket_name="hub-private")
    assert storage.default_acl is None
    assert storage.custom_domain is None
    assert storage.location == ""
    assert storage.querystring_auth is True


def test_the_private_storage_is_the_private_alias_and_has_no_url(buckets):
    storage = private_storage()
    assert storage.bucket_name == buckets.private
    assert storage._wrapped is storages["private"]  # the field follows STORAGES["private"]
    assert storage.default_acl is None  # no ACL: the owner's alone (and no public one)
    assert storage.querystring_auth is True
    assert storage.file_overwrite is False
    assert storage.custom_domain is None
    with pytest.raises(ValueError, match="no URL"):
        storage.url("helpdesk/x/y")
    public = storages["default"]
    assert public.bucket_name == buckets.public
    assert public.querystring_auth is False  # plain addresses a cached page can keep
    assert public.file_overwrite is False  # a second "report.pdf" never replaces the first
    # Migrations name the callable, not the storage: switching storages changes no migration.
    _, _, _, kwargs = Attachment._meta.get_field("file").deconstruct()
    assert kwargs["storage"] is private_storage


def test_without_buckets_both_storages_are_local_folders(settings):
    assert object_storages("", "") == {}
    storage = private_storage()
    assert str(storage.location) == str(settings.HUB_PRIVATE_MEDIA_ROOT)
    assert isinstance(storage._wrapped, PrivateFileSystemStorage)
    assert is_local(storage) and is_local(default_storage)


# --- Help-desk attachments in the private bucket ---


def test_an_attachment_lands_in_the_private_bucket_and_leaves_only_through_the_view(
    client,
    city_lead,  # noqa: F811
    buckets,
):
    filed, attachment = _file_a_request(client, city_lead)

    # In the private bucket under its random name; nothing in the public one.
    assert buckets.keys(buckets.private) == [attachment.file.name]
    assert attachment.file.name.startswith(f"helpdesk/{filed.public_id}/")
    assert buckets.keys(buckets.public) == []
    assert buckets.body(buckets.private, attachment.file.name) == minimal_pdf()

    # Not readable without a signature: moto enforces ACLs on anonymous requests (403), and
    # the object's ACL grants nobody but the owner. The upload named no ACL at all, which a
    # bucket with ACLs disabled requires; AWS_DEFAULT_ACL (the public bucket's) never applies.
    status, _ = buckets.anonymous_get(
        f"{buckets.endpoint}/{buckets.private}/{attachment.file.name}"
    )
    assert status == 403
    grants = buckets.s3.get_object_acl(Bucket=buckets.private, Key=attachment.file.name)["Grants"]
    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]
    assert all("AllUsers" not in grant["Grantee"].get("URI", "") for grant in grants)

    # The city downloads it through the view: the same bytes, as an attachment, never cached.
    response = client.get(_download_url(filed, attachment))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == minimal_pdf()
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert _downloads(filed) == 1

    # Another city's lead gets 404, and nothing is recorded.
    other = MembershipFactory(
        organisation=OrganisationFactory(name="Otherville"), role=Membership.Role.LEAD
    ).user
    client.force_login(other)
    assert client.get(_download_url(filed, attachment)).status_code == 404
    assert _downloads(filed) == 1


def test_a_file_missing_from_the_bucket_answers_404_and_is_not_recorded(
    client,
    city_lead,  # noqa: F811
    buckets,
):
    filed, attachment = _file_a_request(client, city_lead)
    buckets.s3.delete_object(Bucket=buckets.private, Key=attachment.file.name)
    response = client.get(_download_url(filed, attachment))
    assert response.status_code == 404
    assert "This file is no longer available" in response.content.decode()
    assert _downloads(filed) == 0


def test_a_storage_that_does_not_answer_gives_503_and_is_not_recorded(
    client,
    city_lead,  # noqa: F811
    buckets,
    settings,
):
    filed, attachment = _file_a_request(client, city_lead)
    # The same bucket, at an address where nothing listens (a port just freed).
    dead = object_storages("", buckets.private, endpoint_url=f"http://127.0.0.1:{free_port()}")
    settings.STORAGES = {
        **settings.STORAGES,
        **with_test_credentials(dead, client_config=Config(retries={"max_attempts": 1})),
    }
    response = client.get(_download_url(filed, attachment))
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "This file cannot be reached right now" in response.content.decode()
    assert _downloads(filed) == 0


def test_a_file_that_cannot_be_fetched_after_it_was_found_gives_503_and_is_not_recorded(
    client,
    city_lead,  # noqa: F811
    buckets,
    monkeypatch,
):
    """From a bucket, opening a file only asks whether it is there: the fetch comes after.
    A fetch that fails (a read timeout on a large file) must not be recorded as taken."""
    from botocore.exceptions import ReadTimeoutError
    from storages.backends.s3 import S3File

    filed, attachment = _file_a_request(client, city_lead)

    def timed_out(self):
        raise ReadTimeoutError(endpoint_url=buckets.endpoint)

    monkeypatch.setattr(S3File, "file", property(timed_out))
    response = client.get(_download_url(filed, attachment))
    assert response.status_code == 503
    assert _downloads(filed) == 0


def test_the_public_buckets_acl_goes_on_images_only(buckets, settings):
    """With AWS_DEFAULT_ACL=public-read (providers that grant reads by ACL), images are
    readable by ACL, and a document never is: Wagtail's view and its privacy serve it."""
    entries = with_test_credentials(
        object_storages(
            buckets.public,
            "",
            endpoint_url=buckets.endpoint,
            region_name=REGION,
            default_acl="public-read",
        )
    )
    settings.STORAGES = {**settings.STORAGES, **entries}
    public = storages["default"]
    image_name = public.save("original_images/skyline.png", ContentFile(_png()))
    document_name = public.save("documents/minutes.txt", ContentFile(b"Minutes\n"))

    def readable_by_anyone(name: str) -> bool:
        grants = buckets.s3.get_object_acl(Bucket=buckets.public, Key=name)["Grants"]
        return any(
            grant["Grantee"].get("URI", "").endswith("/global/AllUsers")
            and grant["Permission"] in ("READ", "FULL_CONTROL")
            for grant in grants
        )

    assert readable_by_anyone(image_name)
    assert not readable_by_anyone(document_name)


# --- Media, images and documents in the public bucket ---


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (30, 20), (10, 120, 200)).save(out, "PNG")
    return out.getvalue()


@pytest.mark.django_db
def test_documents_and_images_land_in_the_public_bucket(client, buckets):
    document = get_document_model().objects.create(
        title="Annual report", file=ContentFile(b"Quarterly figures\n", name="annual-report.txt")
    )
    image = get_image_model().objects.create(
        title="Skyline", file=ImageFile(io.BytesIO(_png()), name="skyline.png")
    )
    rendition = image.get_rendition("fill-10x10")

    keys = buckets.keys(buckets.public)
    assert document.file.name in keys and document.file.name.startswith("documents/")
    assert image.file.name in keys and image.file.name.startswith("original_images/")
    assert rendition.file.name in keys and rendition.file.name.startswith("images/")
    assert buckets.keys(buckets.private) == []

    # Images have the bucket's plain addresses, readable by anyone (the bucket policy).
    assert rendition.url.startswith(f"{buckets.endpoint}/{buckets.public}/images/")
    assert "Signature" not in rendition.url
    status, body = buckets.anonymous_get(rendition.url)
    assert status == 200 and body[:8] == b"\x89PNG\r\n\x1a\n"

    # Documents are not readable in the bucket; they leave through Wagtail's view, which
    # streams them from the bucket (privacy collections apply there).
    status, _ = buckets.anonymous_get(f"{buckets.endpoint}/{buckets.public}/{document.file.name}")
    assert status == 403
    response = client.get(document.url)
    assert document.url.startswith("/documents/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"Quarterly figures\n"

    # With a bucket, Django serves nothing under /media/.
    assert client.get(f"/media/{image.file.name}").status_code == 404


# --- One machine, no bucket ---


@pytest.mark.django_db
def test_one_machine_without_a_bucket_serves_images_from_media_but_never_documents(client):
    assert is_local(default_storage)
    image = get_image_model().objects.create(
        title="Harbour", file=ImageFile(io.BytesIO(_png()), name="harbour.png")
    )
    document = get_document_model().objects.create(
        title="Minutes", file=ContentFile(b"Minutes of the meeting\n", name="minutes.txt")
    )
    rendition = image.get_rendition("fill-10x10")
    assert rendition.url.startswith("/media/images/")

    for url in (rendition.url, image.file.url):
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"".join(response.streaming_content)[:8] == b"\x89PNG\r\n\x1a\n"
        assert response["Cache-Control"] == "public, max-age=86400"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in response["Content-Security-Policy"]

    # Documents only through Wagtail's view; nothing else under /media/.
    assert client.get(f"/media/{document.file.name}").status_code == 404
    assert client.get(document.url).status_code == 200
    for path in ("/media/", "/media/images", "/media/../settings.py", "/media/images/../x"):
        assert client.get(path, follow=True).status_code == 404, path


# --- check --deploy ---


def test_the_deploy_check_refuses_files_on_one_nodes_disk(settings):
    settings.HUB_ONE_MACHINE = settings.HUB_ONE_PROCESS = False
    ids = [error.id for error in storage_checks.files_reach_every_node(None)]
    assert ids == ["network.E010", "network.E011"]

    settings.HUB_ONE_MACHINE = True  # gunicorn workers and a qcluster on one machine's disk
    assert storage_checks.files_reach_every_node(None) == []
    settings.HUB_ONE_MACHINE, settings.HUB_ONE_PROCESS = False, True  # one process: one machine
    assert storage_checks.files_reach_every_node(None) == []


def test_the_deploy_check_names_the_bucket_that_is_missing(settings):
    settings.HUB_ONE_MACHINE = settings.HUB_ONE_PROCESS = False
    settings.STORAGES = {**settings.STORAGES, **object_storages("hub-public", "")}
    assert [e.id for e in storage_checks.files_reach_every_node(None)] == ["network.E011"]
    settings.STORAGES = {**settings.STORAGES, **object_storages("hub-public", "hub-private")}
    assert storage_checks.files_reach_every_node(None) == []
