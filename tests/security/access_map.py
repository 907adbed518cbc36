"""The access map (issue 8, security sweep): every URL pattern in the project, and who may see it.

Keys are a pattern's fully qualified name (``namespace:name``) or, for an unnamed pattern,
its route; a key may be an fnmatch glob for a large uniform family (Wagtail's own admin
views). `test_access_map.py` fails on any pattern the map does not cover and on any rule
that matches no pattern, then walks the map for every role with two cities' data.

``who`` is one of the audiences in `WHO`. ``post`` marks views that accept a POST that
changes state (the CSRF sweep posts to each of them without a token). ``ours`` is False
for Wagtail's and allauth's own families: the walk checks only that they are closed to
visitors and city officials (admin) or reachable (allauth's public forms).

The second-factor rule (issue 22) comes before all of this: staff (admin access, staff or
superuser, coordinators, experts) who have not used an authenticator in this session are
part-way through signing in. They reach only the entries in `BEFORE_SECOND_FACTOR`; every
other URL, whatever its ``who``, sends them to set one up or to use it, and a POST is not
performed (network.middleware.StaffSecondFactorMiddleware, on under production settings).
"""

import fnmatch
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern

WHO = {
    "public": "anyone, signed in or not",
    "token": "anyone holding the secret token from an email (no sign-in); a bad token is 404",
    "signed_in": "any signed-in person; visitors are sent to sign in",
    "own": "signed-in people, and only for their own or their organisation's objects; "
    "another person's or organisation's object answers 404",
    "city_side": "the request's organisation (restricted: requester and leads) and, for files, "
    "the request's experts; everyone else 404, visitors sent to sign in",
    "admin": "Wagtail admin access (access_admin) plus Wagtail's per-model permissions; "
    "visitors and city officials are sent to sign in (then home with a message)",
    "workspace": "experts and coordinators (superusers included); other admin users 403; "
    "objects outside their visible_to() 404",
    "coordinator": "coordinators and superusers; other admin users 403",
    "reports": "coordinators, superusers and a cohort's facilitators; other admin users 403",
    "reviewer": "grant reviewers (the Grant reviewers group, admin access) and coordinators: "
    "each sees only the reviews assigned to them (another reviewer's review 404, a "
    "coordinator's included), and an application's answers and files only once they have "
    "declared no conflict; other admin users are sent to the admin home, visitors and city "
    "officials to sign in",
    "nobody": "never a page: Wagtail's 404 catch-all and error test views",
}


@dataclass(frozen=True)
class Access:
    who: str
    post: bool = False  # accepts a state-changing POST
    ours: bool = True  # walked with real objects for every role
    note: str = ""


A = Access
ADMIN = Access("admin", post=True, ours=False)  # Wagtail's own admin views

ACCESS_MAP: dict[str, Access] = {
    # --- The public site, outside the language prefixes ---
    "health": A("public", note="load balancers: 'ok' after SELECT 1"),
    "sitemap_index": A("public"),
    "robots": A("public"),
    "media": A(
        "public",
        note="images from MEDIA_ROOT without a bucket (network.views.media); documents 404",
    ),
    "wagtaildocs_serve": A("public", note="Wagtail documents; collection privacy applies"),
    "wagtaildocs_authenticate_with_password": A(
        "public", post=True, ours=False, note="document password form (none is used)"
    ),
    # --- Pages (Wagtail's catch-all) and their routable sub-pages ---
    "wagtail_serve": A(
        "public",
        post=True,
        note="every page type; lessons (knowledge check), sessions and series "
        "(register) accept POSTs",
    ),
    "wagtailcore_authenticate_with_password": A(
        "public", post=True, ours=False, note="page password form (no page uses one)"
    ),
    "frontend_login": A(
        "public", note="Wagtail's page-privacy sign-in, sent on to the site's (second factor)"
    ),
    "wagtailcore_login": A(
        "public", ours=False, note="shadowed by frontend_login (same path): never reached"
    ),
    "search": A("public"),
    "pattern_library": A("nobody", note="the design system's page: development settings only"),
    "sitemap": A("public"),
    # --- Accounts: ours and allauth's ---
    "network:profile": A("signed_in", post=True),
    "network:dashboard": A("signed_in", note="My hub: each panel reads through visible_to()"),
    "network:email_preferences": A("signed_in", post=True, note="POST only: the profile's Emails"),
    "network:unsubscribe": A(
        "token",
        post=True,
        note="one-click unsubscribe (RFC 8058): CSRF-exempt, the signed link is the authority; "
        "GET only asks",
    ),
    # A person's own data (network.personal_data): never another's, no id in the URL
    "network:your-data": A("signed_in", note="what the hub holds; download and close"),
    "network:data-download": A(
        "signed_in", note="a ZIP of the signed-in person's own data; never cached"
    ),
    "network:close-account": A(
        "signed_in", post=True, note="GET says what happens; the POST needs the password"
    ),
    "network:account-closed": A("public", note="said after closing, once signed out"),
    # Joining the network (network.pipeline)
    "network:join-network": A(
        "public",
        post=True,
        note="a city's expression of interest; limited per address and per contact email "
        "(allauth's limiter)",
    ),
    "network:join-network-thanks": A("public", note="what happens next, after the form"),
    "network:organisation-activity": A(
        "own",
        note="a lead's view of their organisation: its leads and coordinators; "
        "anyone else 404; each section reads through visible_to()",
    ),
    "network:organisation-activity-csv": A(
        "own",
        note="the activity page as CSV: its leads and coordinators; anyone else 404",
    ),
    # Joining one's organisation (network.joining)
    "network:organisations": A(
        "signed_in",
        note="My organisations: one's own memberships, requests and invitations "
        "(visible_to), suggestions from one's verified domains, a search by name",
    ),
    "network:ask-to-join": A(
        "signed_in", post=True, note="POST only; member cities and community organisations"
    ),
    "network:withdraw-join-request": A("own", post=True, note="POST only; one's own request"),
    "network:leave-organisation": A(
        "own", post=True, note="one's own membership; GET asks to confirm, the POST leaves"
    ),
    "network:organisation-people": A(
        "own", note="the organisation's leads and coordinators; everyone else 404"
    ),
    "network:organisation-invite": A("own", post=True, note="POST only; leads and coordinators"),
    "network:organisation-approve": A("own", post=True, note="POST only; leads and coordinators"),
    "network:organisation-decline": A(
        "own", post=True, note="leads and coordinators; GET asks to confirm (with a note)"
    ),
    "network:organisation-role": A("own", post=True, note="POST only; leads and coordinators"),
    "network:organisation-remove": A(
        "own", post=True, note="leads and coordinators; GET asks to confirm"
    ),
    "network:organisation-revoke": A(
        "own", post=True, note="leads and coordinators; GET asks to confirm"
    ),
    "network:invitation": A(
        "token",
        post=True,
        note="the invitation's key; accepting needs the invited address, verified, signed in",
    ),
    "network:calendar-feed": A(
        "token",
        note="My calendar: the address's token is the authority; a replaced or "
        "switched-off one is 404; private, never kept by the page cache",
    ),
    "network:calendar": A(
        "signed_in",
        post=True,
        note="the profile's My calendar: GET asks before replacing or "
        "switching off the address (back to the profile when there is none), POST does it",
    ),
    "network:second_factor_setup": A(
        "signed_in",
        post=True,
        note="before the first second factor: POST emails the owner a one-time link "
        "(throttled); people with a factor are sent on",
    ),
    "network:second_factor_link": A(
        "own",
        post=True,
        note="the emailed link, for its owner signed in: GET shows a button, its POST "
        "lets this session add the first factor (allauth's activation); a "
        "visitor or another account is refused (403), a bad, used or old link is 404",
    ),
    "account_login": A("public", post=True, note="signed-in people are sent on"),
    "account_signup": A("public", post=True, note="signed-in people are sent on"),
    "account_logout": A("signed_in", post=True, note="visitors are sent home"),
    "account_inactive": A("public"),
    "account_email_verification_sent": A("public"),
    "account_confirm_email": A("token", post=True),
    "account_reset_password": A("public", post=True),
    "account_reset_password_done": A("public"),
    "account_reset_password_from_key": A("token", post=True),
    "account_reset_password_from_key_done": A("public"),
    "account_confirm_login_code": A(
        "public", post=True, note="login by code is off: visitors are sent to sign in"
    ),
    "account_reauthenticate": A("signed_in", post=True),
    "account_request_reauthentication_code": A(
        "signed_in", post=True, note="reauthentication by code is off (settings): 403"
    ),
    "account_confirm_reauthentication_code": A(
        "signed_in", post=True, note="reauthentication by code is off (settings): 403"
    ),
    "account_email": A("signed_in", post=True),
    "account_change_password": A("signed_in", post=True),
    "account_set_password": A(
        "signed_in", post=True, note="people with a password are sent to change it"
    ),
    "mfa_authenticate": A(
        "public", post=True, note="only mid-login (a pending login in the session); else sent on"
    ),
    "mfa_reauthenticate": A("signed_in", post=True),
    "mfa_index": A("signed_in"),
    "mfa_activate_totp": A("signed_in", post=True),
    "mfa_deactivate_totp": A("signed_in", post=True),
    "mfa_view_recovery_codes": A("signed_in"),
    "mfa_generate_recovery_codes": A("signed_in", post=True),
    "mfa_download_recovery_codes": A("signed_in"),
    # --- Academy ---
    "academy:dashboard": A("signed_in"),
    "academy:enrol": A("signed_in", post=True, note="POST only; the cohort's rules decide"),
    "academy:apply": A("signed_in", post=True, note="POST only; the cohort's rules decide"),
    "academy:withdraw": A(
        "own", post=True, note="own enrolment; GET asks to confirm, the POST withdraws"
    ),
    "academy:defer": A("own", post=True, note="POST only; own enrolment"),
    "academy:complete": A("signed_in", post=True, note="POST only; the lesson's rules decide"),
    "academy:submit_check": A("signed_in", post=True, note="POST only; the lesson's rules decide"),
    "academy:invitation": A("token", post=True, note="accepting needs the invited person"),
    "academy:certificate_check": A("public"),
    "academy:certificate": A("token", note="the code is the learner's to share"),
    "academy:certificate_pdf": A("token"),
    # --- Webinars and office hours ---
    "webinars:manage": A("token", post=True),
    "webinars:manage-cancel": A("token", post=True, note="GET asks to confirm; POST cancels"),
    "webinars:series": A("token", post=True),
    "webinars:register": A(
        "public", post=True, note="POST only; a live public session, else 404; errors on its page"
    ),
    "webinars:subscribe": A(
        "public", post=True, note="POST only; a live public series, else 404; errors on its page"
    ),
    "office_hours:book": A(
        "signed_in", post=True, note="a programme's slot: any member books for their organisation"
    ),
    "office_hours:bookings": A("signed_in", note="the person's organisations' bookings only"),
    "webinars:mine": A("signed_in", note="the person's own registrations only (owned_by)"),
    "webinars/my-office-hours/*": A(
        "public", note="old office-hours addresses: permanent redirects to /office-hours/"
    ),
    "office_hours:booking": A(
        "own", post=True, note="organisation's members see; the booker and leads change"
    ),
    "office_hours:booking-link": A("token", post=True),
    "office_hours:booking-cancel": A(
        "own", post=True, note="the booker and leads only (others 404); GET asks to confirm"
    ),
    "office_hours:booking-link-cancel": A("token", post=True, note="GET asks to confirm"),
    "office_hours:at-risk-call": A(
        "own",
        post=True,
        note="members of the open request's organisation who see it (visible_to); the notice "
        "is waived only for an at-risk request, others are told why (POST 403)",
    ),
    # --- Help desk, city side ---
    "helpdesk:list": A(
        "signed_in",
        note="the person's organisations' visible requests only; visitors are taken to the "
        "public Get help page instead of the sign-in; an expert or coordinator with no city "
        "and no request of theirs is taken to their queue in the admin",
    ),
    "helpdesk:new": A("signed_in", post=True, note="people without a city get an explanation"),
    "helpdesk:request": A("city_side", post=True),
    "helpdesk:attachment": A("city_side"),
    # --- Grants, the applicant's and grantee's side (grants.urls, under /<lang>/grants/) ---
    "grants:mine": A(
        "signed_in", note="one's organisations' applications and grants only (of_organisations)"
    ),
    "grants:eligibility": A(
        "signed_in",
        post=True,
        note="a live public call only (else 404); starting needs a community organisation",
    ),
    "grants:application": A(
        "own",
        post=True,
        note="members of the applying organisation only; reviewers and coordinators 404 (they "
        "use the admin); POST saves or sends",
    ),
    "grants:save": A("own", post=True, note="POST only (JSON autosave); members only, else 404"),
    "grants:submit": A("own", post=True, note="POST only; members only, else 404"),
    "grants:withdraw": A("own", post=True, note="GET asks to confirm; members only, else 404"),
    "grants:file": A(
        "own",
        note="GrantFile.visible_to: the application's or report's organisation, reviewers who "
        "declared no conflict, coordinators; everyone else 404",
    ),
    "grants:profile": A(
        "own", post=True, note="the organisation's applicant profile: its members only, else 404"
    ),
    "grants:grants": A("signed_in", note="one's organisations' grants only"),
    "grants:grant": A("own", note="the grantee organisation's members and coordinators"),
    "grants:report": A(
        "own",
        post=True,
        note="the grantee organisation's members and coordinators; POST saves or sends a draft",
    ),
    # --- Our admin views ---
    "admin_login": A(
        "public",
        note="visitors go to the site's sign-in; signed-in non-admins go home with a message",
    ),
    "helpdesk_admin:queue": A("workspace"),
    "helpdesk_admin:queue_results": A(
        "workspace", note="the queue's rows for Wagtail's filter panel; visible_to() only"
    ),
    "helpdesk_admin:request": A("workspace", post=True),
    "helpdesk_admin:metrics": A("coordinator"),
    "helpdesk_admin:report": A("workspace", note="rows from visible_to() only"),
    "helpdesk_admin:report_results": A("workspace"),
    "responsetarget:*": A(
        "coordinator", post=True, note="Wagtail ModelViewSet: view/change_responsetarget"
    ),
    "on_call_rota:*": A(
        "workspace",
        post=True,
        note="the on-call rota (ModelViewSet, RotaPermissionPolicy): experts read the listing, "
        "coordinators edit; other admin users are sent to the admin home",
    ),
    "helpdesk_on_call:acknowledge": A(
        "workspace",
        post=True,
        note="POST only: someone paged or a coordinator acknowledges an at-risk request; a "
        "request outside visible_to() is 404, someone never paged 403",
    ),
    "office_hours_admin:bookings": A("workspace"),
    "office_hours_admin:bookings_results": A("workspace", note="the listing's filtered results"),
    "office_hours_admin:booking": A("workspace", post=True),
    "availability:*": A(
        "workspace", post=True, note="experts their own (visible_to), coordinators all"
    ),
    "academy_reports:*": A("reports"),
    "academy_metrics": A("reports", note="facilitators: their cohorts' figures only"),
    "cohort:*": A("coordinator", post=True),
    "cohort:applications": A("coordinator", post=True),
    "cohort:invite": A("coordinator", post=True),
    "academy_applications:index": A("reports", note="rows of their cohorts (reported_to)"),
    "academy_applications:index_results": A("reports", note="the listing's filtered results"),
    "academy_staff:checks": A("reports", note="a learner's checks; another cohort's 404"),
    "academy_staff:grant_attempt": A(
        "reports", post=True, note="another attempt; another cohort's enrolment 404"
    ),
    "certificate:index*": A("coordinator"),
    "certificate:inspect": A("coordinator"),
    "certificate:history*": A("coordinator"),
    "certificate:revoke": A("coordinator", post=True),
    "certificate:reinstate": A("coordinator", post=True),
    "webinar_reports:*": A("coordinator"),
    "webinar_reports:attendance": A("coordinator", post=True),
    "webinar_reports:approvals": A("coordinator", post=True),
    "webinar_session_cancel": A(
        "admin",
        post=True,
        note="people who may publish the session (moderators, superusers); GET asks to "
        "confirm, the POST cancels it and tells its registrants",
    ),
    "organisation:*": A("coordinator", post=True),
    "expertprofile:*": A("coordinator", post=True),
    "enrolment:*": A("coordinator", post=True, note="read-only in practice: view_enrolment"),
    "registration:*": A("coordinator", post=True),
    "seriessubscription:*": A("coordinator", post=True),
    "second_factor_admin:pending": A(
        "coordinator", note="accounts that can see cities' data without a second factor"
    ),
    "second_factor_admin:send": A(
        "coordinator", post=True, note="GET asks, POST emails the person their setup link"
    ),
    "personal_data_admin:search": A("coordinator", note="find the person who asked"),
    "outbox:index": A("admin", note="superusers only: nobody else holds view_outboxemail"),
    "outbox:index_results": A("admin", note="the outbox listing's filtered results"),
    "personal_data_admin:user": A(
        "coordinator", post=True, note="a person's data on request: export, close (a reason)"
    ),
    "personal_data_admin:download": A(
        "coordinator", post=True, note="POST only: logged as network.account.export"
    ),
    "organisation:move_stage": A(
        "coordinator", post=True, note="the membership pipeline: change_organisation"
    ),
    "interestexpression:*": A("coordinator", note="view_interestexpression; read-only"),
    "membership:*": A("coordinator", post=True, note="add/edit/delete through network.joining"),
    "joinrequest:*": A("coordinator", note="view_joinrequest; no add, edit or delete"),
    "joinrequest:approve": A("coordinator", post=True, note="change_joinrequest"),
    "joinrequest:decline": A("coordinator", post=True, note="change_joinrequest"),
    "organisationdomain:*": A("coordinator", post=True, note="free-mail domains refused"),
    "invitation:*": A(
        "coordinator", note="view_invitation (and its history); leads invite on the site"
    ),
    # Grants in the admin (grants.admin_reviews, grants.admin_grants)
    "grant_applications:*": A("coordinator", note="the applications of every call"),
    "grant_applications:detail": A(
        "coordinator", post=True, note="POST assigns reviewers or records a decision"
    ),
    "grant_applications:export": A("coordinator", note="a call's applications as CSV"),
    "grant_reviews:index*": A("reviewer", note="My reviews: one's own assignments only"),
    "grant_reviews:review": A(
        "reviewer",
        post=True,
        note="the review's reviewer only (a coordinator's included: 404); POST declares "
        "conflicts, then scores; the answers only with no conflict declared",
    ),
    "grant_reviews:file": A(
        "reviewer",
        note="an application's file: GrantFile.visible_to (coordinators, reviewers who "
        "declared no conflict, the organisation's members with admin access); else 404",
    ),
    "grant_grants:*": A("coordinator", post=True, note="enter and change grants, payments"),
    "grant_reports:*": A("coordinator", post=True, note="read, accept, ask for changes"),
    "grant_rollup:*": A("coordinator", note="the programme's figures and their CSV"),
    "pages_translation_submit": A(
        "admin", post=True, note="POST only; the page's edit permission (pages.translations)"
    ),
    # --- Wagtail's own admin (and wagtail-localize's): admin access required ---
    "wagtailadmin_*": ADMIN,
    "wagtailsnippets*": ADMIN,
    "wagtailsnippetchoosers_*": ADMIN,
    "wagtailimages*": ADMIN,
    "wagtaildocs:*": ADMIN,
    "wagtaildocs_chooser:*": ADMIN,
    "wagtailusers_*": ADMIN,
    "wagtailsites:*": ADMIN,
    "wagtaillocales:*": ADMIN,
    "wagtailredirects:*": ADMIN,
    "wagtailsearchpromotions:*": ADMIN,
    "wagtailforms:*": ADMIN,
    "wagtailsettings:*": ADMIN,
    "wagtailembeds:*": ADMIN,
    "wagtail_localize:*": ADMIN,
    "wagtail_bulk_action": ADMIN,
    # Outside require_admin_access: public by Wagtail's design.
    "wagtailadmin_login": A("public", ours=False, note="shadowed by admin_login (same path)"),
    "wagtailadmin_password_reset*": A(
        "nobody", ours=False, note="closed (WAGTAIL_PASSWORD_RESET_ENABLED): allauth's only"
    ),
    "wagtailadmin_sprite": A("public", ours=False),
    "wagtailadmin_javascript_catalog": A("public", ours=False),
    "admin/test404/": A("nobody", ours=False),
    "wagtailadmin_error_test": A("nobody", ours=False, note="admins get Wagtail's 500 test"),
    "admin/^.*/$": A("nobody", ours=False),
}

# The entries staff reach before their second factor: the pages that finish or abandon
# signing in (network.middleware.SIGN_IN_VIEWS says the same; a test holds them together).
BEFORE_SECOND_FACTOR = frozenset(
    {
        "health",
        "account_login",
        "account_logout",
        "account_inactive",
        "account_reauthenticate",
        "account_reset_password",
        "account_reset_password_done",
        "account_reset_password_from_key",
        "account_reset_password_from_key_done",
        "account_confirm_email",
        "account_email_verification_sent",
        "mfa_authenticate",
        "mfa_reauthenticate",
        "mfa_activate_totp",
        "network:second_factor_setup",
        "network:second_factor_link",
    }
)

# Rules more specific than a glob win (the longest matching key without wildcards first).


def _specificity(key: str) -> tuple[int, int]:
    wild = any(c in key for c in "*?[")
    return (0 if wild else 1, len(key))


@dataclass(frozen=True)
class Entry:
    key: str  # namespace:name, or the route for unnamed patterns
    route: str  # the full route, language prefix left out
    pattern: object  # the URLPattern
    i18n: bool  # under the /en/ /fr/ prefixes


def url_entries() -> list[Entry]:
    """Every URL pattern, depth first; both language prefixes are one entry."""
    found = []

    def walk(patterns, prefix, namespace, i18n):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                locale = isinstance(pattern.pattern, LocalePrefixPattern)
                route = "" if locale else str(pattern.pattern)
                space = namespace
                if pattern.namespace:
                    space = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                walk(pattern.url_patterns, prefix + route, space, i18n or locale)
            elif isinstance(pattern, URLPattern):
                route = prefix + str(pattern.pattern)
                if pattern.name:
                    key = f"{namespace}:{pattern.name}" if namespace else pattern.name
                else:
                    key = route
                found.append(Entry(key, route, pattern, i18n))

    walk(get_resolver().url_patterns, "", None, False)
    return found


def rule_for(key: str) -> str | None:
    """The map key that governs an entry: the most specific rule matching its key."""
    matching = [rule for rule in ACCESS_MAP if fnmatch.fnmatchcase(key, rule)]
    if not matching:
        return None
    return max(matching, key=_specificity)


def access_for(entry: Entry) -> Access | None:
    rule = rule_for(entry.key)
    return ACCESS_MAP[rule] if rule else None
