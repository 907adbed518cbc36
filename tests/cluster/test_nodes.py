"""Two web nodes, two workers, one Redis, one PostgreSQL, one S3 server, one SMTP sink
(tests/cluster/conftest.py): what one node does, the other sees at once.

- two `migrate`s at once on a new database both succeed; two at once with the schedules to
  create leave one schedule per name, and a third migrate succeeds;
- a page published through node A's admin shows on node B, and is gone from B unpublished;
- a slot booked on node A is gone from node B's picker, and B refuses to book it again;
- a help-desk file uploaded on node A downloads on node B, and not for another city;
- five wrong passwords from one client limit that client on both nodes, whatever port the
  Host header names, while another client signs in;
- a burst of emails reaches every recipient once while one worker is killed (one message
  per recipient; a copy with the same Message-ID only in the outbox's one window).

PostgreSQL only (the SQLite run skips with the usual reason); needs Debian's redis-server.
"""

import re
import threading
import time
import uuid

import pytest

from .conftest import Browser, form_fields, log, totp_code, wait_for

pytestmark = [pytest.mark.postgres]


@pytest.fixture(autouse=True)
def _timing(request):
    started = time.monotonic()
    yield
    log(f"{request.node.name}: {time.monotonic() - started:.1f} s")


def _data(cluster) -> dict:
    data = cluster.data.get("data")
    if not data:
        pytest.fail("the scenario data was not loaded (see the migrate test's failure)")
    return data


def sign_in(browser, node, email, password, *, secret=None):
    """allauth's sign-in on `node` (and the authenticator's code): the last response."""
    login = f"{node.url}/en/accounts/login/"
    assert browser.get(login).status_code == 200
    response = browser.post(login, {"login": email, "password": password}, referer=login)
    if secret is None:
        return response
    assert response.status_code == 302, (response.status_code, response.text[-2000:])
    location = response.headers["Location"]
    assert "/2fa/authenticate/" in location, location
    page = browser.follow(response, node.url)
    assert page.status_code == 200
    return browser.post(page.url, {"code": totp_code(secret)}, referer=page.url)


def signed_in(response) -> bool:
    return response.status_code == 302 and "/accounts/" not in response.headers["Location"]


# --- Deploying two nodes at once ---


def test_two_nodes_migrate_an_empty_database_at_once(cluster):
    for (code, output), node in zip(cluster.data["migrate_empty"], cluster.nodes, strict=True):
        assert code == 0, f"migrate from node {node.name} exited {code}:\n{output[-4000:]}"


def test_two_nodes_create_the_same_schedules_at_once_and_a_third_migrate_succeeds(cluster):
    for (code, output), node in zip(cluster.data["migrate"], cluster.nodes, strict=True):
        assert code == 0, f"migrate from node {node.name} exited {code}:\n{output[-4000:]}"
    rows = cluster.shell(
        "import json\n"
        "from django.db import connection\n"
        "with connection.cursor() as c:\n"
        "    c.execute('select name, count(*) from django_q_schedule group by name')\n"
        "    print(json.dumps(dict(c.fetchall())))"
    )
    assert rows, "migrate created no schedule"
    assert {name: count for name, count in rows.items() if count != 1} == {}
    third = cluster.manage("migrate", "--no-input", node=cluster.b, check=False)
    assert third.returncode == 0, third.stdout[-3000:] + third.stderr[-3000:]


# --- 1. Publish on one, see it on the other ---


def test_a_page_published_on_node_a_shows_on_node_b(cluster):
    data = _data(cluster)
    a, b = cluster.a, cluster.b
    page_id, path = data["page"]["id"], data["page"]["path"]
    visitor = Browser(client_ip="198.51.100.20")
    first = visitor.get(f"{b.url}{path}")
    assert first.status_code == 200 and "Cluster notice" in first.text
    again = visitor.get(f"{b.url}{path}")
    assert again.headers.get("X-Hub-Cache") == "hit", "node B does not keep the page"

    editor = Browser(client_ip="198.51.100.21")
    done = sign_in(
        editor, a, data["editor"]["email"], data["password"], secret=data["editor"]["secret"]
    )
    assert signed_in(done), (done.status_code, done.text[-2000:])
    edit_url = f"{a.url}/admin/pages/{page_id}/edit/"
    form_page = editor.get(edit_url)
    assert form_page.status_code == 200, form_page.status_code
    _action, fields = form_fields(form_page.text, form_selector="form#page-edit-form")
    title = f"Cluster notice {uuid.uuid4().hex[:8]}"
    posted = [(name, value) for name, value in fields if name != "title"]
    posted.append(("title", title))
    names = {name for name, _value in posted}
    # The StreamFields' inputs are drawn by the admin's scripts: an empty body has none.
    posted.extend((f"{name}-count", "0") for name in ("body",) if f"{name}-count" not in names)
    posted.append(("action-publish", "action-publish"))
    published = editor.post(edit_url, posted, referer=edit_url)
    assert published.status_code == 302, (published.status_code, published.text[-3000:])

    started = time.monotonic()
    wait_for(
        lambda: title in visitor.get(f"{b.url}{path}").text,
        seconds=5,
        what=f"node B to show the title published on node A ({title!r})",
    )
    log(f"published on A, shown on B after {time.monotonic() - started:.2f} s")

    unpublish_url = f"{a.url}/admin/pages/{page_id}/unpublish/"
    confirm = editor.get(unpublish_url)
    assert confirm.status_code == 200, confirm.status_code
    gone = editor.post(unpublish_url, {}, referer=unpublish_url)
    assert gone.status_code == 302, (gone.status_code, gone.text[-2000:])
    wait_for(
        lambda: visitor.get(f"{b.url}{path}").status_code == 404,
        seconds=5,
        what="node B to answer 404 for the page unpublished on node A",
    )


# --- 2. Book on one, the slot gone on the other ---


def _slot_keys(html: str, expert: int) -> list[str]:
    return list(dict.fromkeys(re.findall(rf"slot=({expert}-\d+)", html)))


def test_a_slot_booked_on_node_a_is_gone_from_node_b(cluster):
    data = _data(cluster)
    a, b = cluster.a, cluster.b
    expert, programme = data["expert"], data["programme"]
    picker = f"{programme['path']}?expert={expert}"
    visitor = Browser(client_ip="198.51.100.30")
    before = visitor.get(f"{b.url}{picker}")
    assert before.status_code == 200
    keys = _slot_keys(before.text, expert)
    assert keys, "node B's picker offers no slot of the expert"
    key = keys[0]

    booker = Browser(client_ip="198.51.100.31")
    assert signed_in(sign_in(booker, a, data["member_a"], data["password"]))
    book = f"{a.url}/en/office-hours/{programme['id']}/book/"
    form = booker.get(f"{book}?slot={key}")
    assert form.status_code == 200 and "Book this slot" in form.text, form.status_code
    booked = booker.post(
        book,
        {
            "slot": key,
            "organisation": data["city_a"],
            "questions": "A council motion split the city.",
            "language": "en",
        },
        referer=f"{book}?slot={key}",
    )
    assert booked.status_code == 302, (booked.status_code, booked.text[-2000:])
    assert "/office-hours/my/" in booked.headers["Location"]

    wait_for(
        lambda: key not in _slot_keys(visitor.get(f"{b.url}{picker}").text, expert),
        seconds=5,
        what=f"node B's picker to stop offering {key} booked on node A",
    )
    other = Browser(client_ip="198.51.100.32")
    assert signed_in(sign_in(other, b, data["member_b"], data["password"]))
    assert key not in _slot_keys(other.get(f"{b.url}{picker}").text, expert)
    again = other.post(
        f"{b.url}/en/office-hours/{programme['id']}/book/",
        {"slot": key, "organisation": data["city_b"], "questions": "Us too.", "language": "en"},
    )
    assert again.status_code == 409, (again.status_code, again.text[-2000:])
    count = cluster.shell(
        "from webinars.office_hours.models import Booking\n"
        f"print(Booking.objects.filter(expert_id={expert}).exclude(cancelled_at__isnull=False).count())"
    )
    assert count == 1


# --- 3. Uploaded on one, downloaded on the other ---


def test_a_file_uploaded_on_node_a_downloads_on_node_b_for_its_city_only(cluster):
    data = _data(cluster)
    a, b = cluster.a, cluster.b
    content = f"Notes from the council meeting {uuid.uuid4()}.\n".encode()
    official = Browser(client_ip="198.51.100.40")
    assert signed_in(sign_in(official, a, data["official_a"], data["password"]))
    new = f"{a.url}/en/help-desk/new/"
    assert official.get(new).status_code == 200
    filed = official.post(
        new,
        {
            "organisation": data["city_a"],
            "urgency": "routine",
            "summary": "Stickers near the library",
            "details": "Stickers with a hate symbol appeared near the central library.",
            "country": "CA",
            "region": "CA-ON",
            "language": "en",
            "sensitivity": "standard",
        },
        files=[("files", ("notes.txt", content, "text/plain"))],
        referer=new,
    )
    assert filed.status_code == 302, (filed.status_code, filed.text[-3000:])
    request_path = re.sub(r"^https?://[^/]+", "", filed.headers["Location"])
    assert re.match(r"^/en/help-desk/[0-9a-f-]{36}/$", request_path), request_path

    detail = official.get(f"{b.url}{request_path}")
    assert detail.status_code == 200, detail.status_code
    links = re.findall(rf'href="({re.escape(request_path)}files/[0-9a-f-]{{36}}/)"', detail.text)
    assert links, "node B's request page links no file"
    download = official.get(f"{b.url}{links[0]}")
    assert download.status_code == 200, (download.status_code, download.text[-2000:])
    assert download.content == content
    assert download.headers["Content-Disposition"].startswith("attachment;")

    stranger = Browser(client_ip="198.51.100.41")
    assert signed_in(sign_in(stranger, b, data["official_b"], data["password"]))
    assert stranger.get(f"{b.url}{links[0]}").status_code == 404
    assert stranger.get(f"{b.url}{request_path}").status_code == 404


# --- 4. Sign-in limits per client, shared by the nodes ---


def _limited(response) -> bool:
    return response.status_code == 429 or "Too many failed login attempts" in response.text


def test_failed_sign_ins_limit_that_client_on_both_nodes_only(cluster):
    data = _data(cluster)
    a, b = cluster.a, cluster.b
    email, password = data["login_target"], data["password"]
    guesser = Browser(client_ip="203.0.113.7")
    login_a = f"{a.url}/en/accounts/login/"
    assert guesser.get(login_a).status_code == 200
    for attempt in range(5):
        wrong = guesser.post(login_a, {"login": email, "password": f"wrong-{attempt}"})
        assert wrong.status_code == 200 and not _limited(wrong), (attempt, wrong.status_code)

    owner = Browser(client_ip="203.0.113.8")
    assert signed_in(sign_in(owner, b, email, password)), "another client could not sign in"

    for node in (a, b):
        url = f"{node.url}/en/accounts/login/"
        assert guesser.get(url).status_code == 200
        right = guesser.post(url, {"login": email, "password": password}, referer=url)
        assert _limited(right), f"the guessing client is not limited on node {node.name}"
        assert not signed_in(right)
    for host in (f"127.0.0.1:{b.port + 1}", "localhost", f"localhost:{a.port}"):
        other_host = Browser(client_ip="203.0.113.7", host=host)
        other_host.cookies = guesser.cookies
        right = other_host.post(
            f"{b.url}/en/accounts/login/", {"login": email, "password": password}
        )
        assert _limited(right), f"Host {host} gave the guessing client fresh guesses"


# --- 5. Emails exactly once across workers ---

BURST = 150

QUEUE_BURST = r"""
import json
from django.db import transaction
from network.mail import OutgoingEmail, queue_email
run = "{run}"
with transaction.atomic():
    for n in range({count}):
        queue_email(OutgoingEmail(to=[f"burst-{{run}}-{{n}}@city.example"], subject=f"Burst {{run}} {{n}}", text="Hello."))
print(json.dumps({count}))
"""


def test_a_burst_of_emails_arrives_once_each_while_a_worker_is_killed(cluster):
    _data(cluster)
    a = cluster.a
    run = uuid.uuid4().hex[:8]
    expected = {f"burst-{run}-{n}@city.example" for n in range(BURST)}

    def ours():
        return [m for m in cluster.smtp.received() if f"burst-{run}-" in m.to]

    killed = threading.Event()
    at_kill: list[int] = []

    def kill_mid_burst():
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not killed.is_set():
            sent = len(ours())
            if sent >= 5:
                a.worker.kill()
                at_kill.append(sent)
                killed.set()
                return
            time.sleep(0.01)

    watcher = threading.Thread(target=kill_mid_burst, daemon=True)
    watcher.start()
    cluster.shell(QUEUE_BURST.format(run=run, count=BURST))
    watcher.join(timeout=130)
    assert killed.is_set(), "no email of the burst reached the sink within 2 minutes"
    log(f"worker A killed after {at_kill[0]} of {BURST} emails had arrived")
    assert at_kill[0] < BURST, "the burst was over before the kill: nothing was proved"
    cluster.restart_worker(a)
    started = time.monotonic()
    wait_for(
        lambda: {m.to for m in ours()} >= expected,
        seconds=200,
        what=f"all {BURST} emails (the killed worker's tasks included)",
        every=0.5,
    )
    log(f"every email arrived {time.monotonic() - started:.1f} s after the restart")
    time.sleep(3)  # a copy sent late still counts
    received = ours()
    ids_by_to: dict[str, set[str]] = {}
    deliveries: dict[str, int] = {}
    for message in received:
        ids_by_to.setdefault(message.to, set()).add(message.message_id)
        deliveries[message.message_id] = deliveries.get(message.message_id, 0) + 1
    assert set(ids_by_to) == expected
    assert all(message.message_id for message in received), "a message without a Message-ID"
    # Each recipient is sent one message: one Message-ID, never two different ones.
    assert {to: ids for to, ids in ids_by_to.items() if len(ids) != 1} == {}
    # And each message is delivered once, but for the one window SMTP leaves open: the
    # outbox's mark commits the moment the message's end has been written to the server
    # (network.outbox), so a kill either leaves the message unfinished (the server drops it,
    # the row is sent later) or sent and marked, unless it falls between those two writes.
    # A copy from there is the same message (same Message-ID, checked above), and the
    # killed worker's two processes had one message each in flight at most.
    doubles = {message_id: n for message_id, n in deliveries.items() if n > 1}
    log(f"{len(received)} deliveries for {BURST} emails; sent twice: {doubles}")
    assert all(n == 2 for n in doubles.values()), doubles
    assert len(doubles) <= 2, doubles
