"""Demo content built in code: both languages, the home page, cities, people for every role.

Idempotent: run it again and it updates what it made instead of duplicating it. Each feature
issue extends it with its own content. Every demo login uses DEMO_PASSWORD.
"""

import datetime
from urllib.parse import urlsplit

from allauth.account.models import EmailAddress
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.module_loading import import_string
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupPagePermission,
    Locale,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)
from wagtail.rich_text import RichText
from wagtail_localize.models import LocaleSynchronization
from wagtail_localize.synctree import synchronize_tree

from network.models import (
    COORDINATORS_GROUP,
    EXPERTS_GROUP,
    ExpertProfile,
    Membership,
    Organisation,
    Topic,
    User,
)
from pages import demo_content
from pages.models import (
    CityDirectoryPage,
    ContentLanguage,
    EventIndexPage,
    EventPage,
    FooterText,
    HomePage,
    NavigationMenu,
    NewsIndexPage,
    NewsPage,
    ResourceDocument,
    ResourceHubPage,
    ResourcePage,
    StandardPage,
)

DEMO_PASSWORD = "hub-demo-2026"

# The five themes of the Resource Hub, plus two the help desk and academies lean on.
TOPICS = [
    (
        "mapping",
        "Comprehensive and inclusive mapping",
        "Cartographie globale et inclusive",
        "Understanding local challenges, risks and needs, and the services and people already there.",
    ),
    (
        "strategy",
        "Developing a strategy",
        "Élaborer une stratégie",
        "Turning a city's mandate into a resourced, data-driven, long-term prevention framework.",
    ),
    (
        "prevention",
        "Implementing prevention",
        "Mettre en œuvre la prévention",
        "Primary, secondary and tertiary prevention programmes, and how to evaluate them.",
    ),
    (
        "response",
        "Responding to attacks",
        "Réagir aux attaques",
        "What mayors and cities do in the hours, months and years after a hate-motivated attack.",
    ),
    (
        "coordination",
        "Coordination",
        "Coordination",
        "Working with other levels of government and a whole-of-society set of local partners.",
    ),
    (
        "harassment",
        "Anti-government hate and harassment",
        "Haine et harcèlement anti-gouvernement",
        "Protecting elected officials and municipal staff from threats, doxing and abuse.",
    ),
    (
        "online-harms",
        "Online harms",
        "Préjudices en ligne",
        "How threats that start online show up in local communities, and what cities can do.",
    ),
]

# Member cities and partners named in the hub's impact report and project documents.
ORGANISATIONS = [
    ("Edmonton", "city", "CA", "CA-AB", datetime.date(2023, 9, 1)),
    ("Brampton", "city", "CA", "CA-ON", datetime.date(2024, 2, 1)),
    ("Victoria", "city", "CA", "CA-BC", datetime.date(2023, 6, 1)),
    ("Vancouver", "city", "CA", "CA-BC", datetime.date(2024, 10, 1)),
    ("Boise", "city", "US", "US-ID", datetime.date(2024, 5, 1)),
    ("Pittsburgh", "city", "US", "US-PA", datetime.date(2022, 3, 1)),
    ("Cincinnati", "city", "US", "US-OH", datetime.date(2025, 1, 15)),
    ("Forest Park", "city", "US", "US-IL", datetime.date(2023, 11, 1)),
    ("Highland Park", "city", "US", "US-IL", datetime.date(2016, 5, 1)),
    ("Boise Neighbours Together", "community", "US", "US-ID", None),
    ("Peel Region Interfaith Circle", "community", "CA", "CA-ON", None),
    ("Foundation for a Path Forward", "partner", "CA", "", None),
    ("Canadian Centre for Safer Communities", "partner", "CA", "", None),
    ("Pittsburgh Theological Seminary", "partner", "US", "US-PA", None),
]

# (email, name, zone, languages, jurisdictions, topics, (role, French role),
#  (biography, French biography))
EXPERTS = [
    (
        "expert.amara@hub.example",
        "Amara Okafor",
        "America/Toronto",
        ["en", "fr"],
        ["CA"],
        ["harassment", "response", "online-harms"],
        (
            "Adviser on threats to elected officials, Toronto",
            "Conseillère sur les menaces visant les élus, Toronto",
        ),
        (
            "Advises councils on threats against elected officials and on crisis communication.",
            "Conseille les conseils municipaux sur les menaces visant les élus et sur la "
            "communication de crise.",
        ),
    ),
    (
        "expert.luc@hub.example",
        "Luc Tremblay",
        "America/Edmonton",
        ["fr", "en"],
        ["CA-AB", "CA-BC", "CA-QC"],
        ["strategy", "coordination", "mapping"],
        ("Prevention strategist, Edmonton", "Stratège en prévention, Edmonton"),
        (
            "Former municipal strategist; helps cities build multi-actor prevention frameworks.",
            "Ancien stratège municipal; aide les villes à bâtir des cadres de prévention qui "
            "réunissent de nombreux partenaires.",
        ),
    ),
    (
        "expert.dana@hub.example",
        "Dana Whitfield",
        "America/Boise",
        ["en"],
        ["US"],
        ["prevention", "response", "mapping"],
        ("Public-health practitioner, Boise", "Praticienne en santé publique, Boise"),
        (
            "Public-health practitioner who has supported small and mid-sized US cities after attacks.",
            "Praticienne en santé publique qui a accompagné de petites et moyennes villes "
            "américaines après des attaques.",
        ),
    ),
]


class Command(BaseCommand):
    help = "Load the demo content (idempotent). --if-empty skips a database that has a home page."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true")

    @transaction.atomic
    def handle(self, *args, if_empty=False, **options):
        if if_empty and HomePage.objects.exists():
            self.stdout.write("Demo content already there: nothing to do.")
            return
        self.en = Locale.objects.get_or_create(language_code="en")[0]
        self.fr = Locale.objects.get_or_create(language_code="fr")[0]
        self.ensure_base_tree()
        topics = self.load_topics()
        organisations = self.load_organisations()
        home_en, home_fr = self.load_pages()
        self.load_public_site(home_en, home_fr, topics, organisations)
        self.load_people(organisations, topics)
        for loader in settings.HUB_DEMO_LOADERS:
            import_string(loader)(
                home_en=HomePage.objects.get(pk=home_en.pk),
                translate=self.translate,
                child=self.child,
                organisations=organisations,
                person=self.person,
            )
        self.load_about_and_membership()
        # Every English page not translated yet gets its French alias.
        synchronize_tree(self.en, self.fr)
        self.load_navigation()
        self.load_home_services()
        self.load_workflow()
        self.stdout.write(self.style.SUCCESS(f"Demo content loaded. Password: {DEMO_PASSWORD}"))

    def ensure_base_tree(self):
        """What Wagtail's migrations create, for a database that was flushed since."""
        if not Page.get_first_root_node():
            Page.add_root(instance=Page(title="Root", slug="root", locale=self.en))
        if not Collection.get_first_root_node():
            Collection.add_root(name="Root")
        root = Page.get_first_root_node()
        roles = {
            "Editors": ["add_page", "change_page", "lock_page"],
            "Moderators": ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
        }
        for name, codenames in roles.items():
            group, created = Group.objects.get_or_create(name=name)
            if not created:
                continue
            group.permissions.add(
                Permission.objects.get(codename="access_admin"),
                *Permission.objects.filter(
                    content_type__app_label__in=["wagtailimages", "wagtaildocs"],
                    codename__regex=r"^(add|change|choose)_",
                ),
            )
            for codename in codenames:
                GroupPagePermission.objects.create(
                    group=group, page=root, permission=Permission.objects.get(codename=codename)
                )

    # --- Topics ---

    def load_topics(self) -> dict[str, Topic]:
        topics = {}
        for slug, name_en, name_fr, description in TOPICS:
            topic, _ = Topic.objects.update_or_create(
                locale=self.en, slug=slug, defaults={"name": name_en, "description": description}
            )
            translation = topic.get_translation_or_none(self.fr)
            if translation is None:
                translation = topic.copy_for_translation(self.fr)
            translation.name = name_fr
            translation.slug = slug
            translation.save()
            topics[slug] = topic
        return topics

    # --- Pages ---

    def load_pages(self):
        root = Page.get_first_root_node()
        home_en = HomePage.objects.filter(locale=self.en).first()
        if home_en is None:
            # Wagtail's first migration leaves a welcome page where our home page goes.
            Page.objects.filter(depth=2, content_type__model="page").delete()
            home_en = HomePage(title="Home", slug="home", locale=self.en, hero_title="x")
            root.add_child(instance=home_en)
        home_en.title = "North America Hub"
        home_en.hero_title = "Cities leading the prevention of hate and targeted violence"
        home_en.hero_intro = (
            "The North America Regional Hub supports more than fifty member cities in Canada "
            "and the United States with academies, webinars, expert office hours and a rapid "
            "help desk for moments of crisis."
        )
        home_en.body = [
            ("heading", {"text": "What the hub does", "level": "h2"}),
            (
                "paragraph",
                RichText(
                    "<p>Since its launch in Pittsburgh in August 2024, the hub has brought mayors, "
                    "city staff and community partners together to share what works: convenings in "
                    "Edmonton, Boise, Brampton and Victoria, webinar series that have reached well "
                    "over a thousand officials, and Prevention Academies for the US, Canada and "
                    "British Columbia.</p>"
                ),
            ),
        ]
        home_en.save_revision().publish()

        home_fr = self.translate(
            home_en,
            title="Pôle Amérique du Nord",
            slug="accueil",
            hero_title=(
                "Des villes à l’avant-garde de la prévention de la haine et de la violence ciblée"
            ),
            hero_intro=(
                "Le Pôle régional Amérique du Nord accompagne plus de cinquante villes membres "
                "au Canada et aux États-Unis : académies, webinaires, permanences d’experts et "
                "un service d’assistance rapide pour les moments de crise."
            ),
            body=[
                ("heading", {"text": "Ce que fait le Pôle", "level": "h2"}),
                (
                    "paragraph",
                    RichText(
                        "<p>Depuis son lancement à Pittsburgh en août 2024, le Pôle réunit maires, "
                        "personnel municipal et partenaires communautaires pour partager ce qui "
                        "fonctionne : rencontres à Edmonton, Boise, Brampton et Victoria, séries de "
                        "webinaires suivies par bien plus d’un millier de responsables, et Académies "
                        "de prévention pour les États-Unis, le Canada et la Colombie-Britannique.</p>"
                    ),
                ),
            ],
        )

        base_url = urlsplit(settings.WAGTAILADMIN_BASE_URL)
        Site.objects.update_or_create(
            is_default_site=True,
            defaults={
                "hostname": base_url.hostname or "localhost",
                "port": base_url.port or (443 if base_url.scheme == "https" else 80),
                "root_page": home_en,
                "site_name": "North America Hub",
            },
        )

        # Their bodies link to every service: written once the apps' pages exist
        # (load_about_and_membership).
        about_en = self.child(
            home_en,
            StandardPage,
            "about",
            "About the hub",
            introduction=demo_content.ABOUT_INTRODUCTION[0],
        )
        self.translate(
            about_en,
            title="À propos du Pôle",
            slug="a-propos",
            introduction=demo_content.typo(demo_content.ABOUT_INTRODUCTION[1]),
        )
        membership_en = self.child(
            home_en,
            StandardPage,
            "membership",
            "Membership",
            introduction=demo_content.MEMBERSHIP_INTRODUCTION[0],
        )
        self.translate(
            membership_en,
            title="Adhésion",
            slug="adhesion",
            introduction=demo_content.typo(demo_content.MEMBERSHIP_INTRODUCTION[1]),
        )
        LocaleSynchronization.objects.get_or_create(locale=self.fr, defaults={"sync_from": self.en})
        return home_en, home_fr

    def translate(self, source: Page, **fields) -> Page:
        """Publish the French translation of a page with these fields, replacing an alias."""
        page = source.get_translation_or_none(self.fr)
        if page is None:
            page = source.copy_for_translation(self.fr)
        page = page.specific
        if page.alias_of_id:
            page.alias_of = None
        for name, value in fields.items():
            setattr(page, name, value)
        page.save_revision().publish()
        return page

    def load_about_and_membership(self):
        """About and Membership, in both languages, each service linked in the reader's."""

        def find(label, slug):
            try:
                return apps.get_model(label).objects.get(locale=self.en, slug=slug)
            except (LookupError, Page.DoesNotExist):
                return None

        pages = {
            "academies": find("academy.AcademyIndexPage", "academies"),
            "webinars": find("webinars.WebinarIndexPage", "webinars"),
            "office_hours": find("office_hours.OfficeHoursPage", "office-hours"),
            "help_desk": find("helpdesk.GetHelpPage", "get-help"),
            "resources": find("pages.ResourceHubPage", "resources"),
            "stories": find("pages.NewsIndexPage", "stories"),
            "convenings": find("pages.EventIndexPage", "convenings"),
            "members": find("pages.CityDirectoryPage", "member-cities"),
            "membership": find("pages.StandardPage", "membership"),
        }
        for locale, language in [(self.en, "en"), (self.fr, "fr")]:
            links = {
                name: (page.get_translation_or_none(locale) or page) if page else None
                for name, page in pages.items()
            }
            if links["help_desk"] is None:
                with translation.override(language):
                    links["help_desk"] = reverse("helpdesk:list")
            for slug, body in [
                ("about", demo_content.about_body),
                ("membership", demo_content.membership_body),
            ]:
                page = StandardPage.objects.get(locale=self.en, slug=slug)
                page = page.get_translation(locale).specific
                blocks = body(language, links)
                page.body = demo_content.french(blocks) if language == "fr" else blocks
                page.save_revision().publish()

    def load_navigation(self):
        """The header: the services (each app's index page, the help desk), then the network;
        the footer. Built after every app's demo content, so that nothing overwrites it."""

        def page(model, slug):
            return model.objects.get(locale=self.en, slug=slug)

        def app_page(label, slug):
            """An app's page, by model label: the feature apps may not all be installed."""
            try:
                return page(apps.get_model(label), slug)
            except (LookupError, Page.DoesNotExist):
                return None

        services = [
            (app_page("academy.AcademyIndexPage", "academies"), None, "Academy", "Académie"),
            (app_page("webinars.WebinarIndexPage", "webinars"), None, "Webinars", "Webinaires"),
            (
                app_page("office_hours.OfficeHoursPage", "office-hours"),
                None,
                "Office hours",
                "Permanences",
            ),
            (None, "helpdesk:list", "Help desk", "Service d’assistance"),
            (app_page("grants.GrantsIndexPage", "funding"), None, "Funding", "Financement"),
            (page(ResourceHubPage, "resources"), None, "Resource Hub", "Ressources"),
        ]
        network = [
            (page(StandardPage, "about"), "About", "À propos"),
            (page(NewsIndexPage, "stories"), "Impact stories", "Récits d’impact"),
            (page(EventIndexPage, "convenings"), "Convenings", "Rencontres"),
            (page(CityDirectoryPage, "member-cities"), "Member cities", "Villes membres"),
            (page(StandardPage, "membership"), "Membership", "Adhésion"),
        ]
        for locale, index in [(self.en, 1), (self.fr, 2)]:

            def link(label, *, to=None, url="", locale=locale):
                target = to.get_translation(locale) if to is not None else None
                return ("link", {"label": label, "page": target, "url": url})

            main = []
            for target, view, *labels in services:
                if view:
                    try:
                        with translation.override(locale.language_code):
                            main.append(link(labels[index - 1], url=reverse(view)))
                    except NoReverseMatch:
                        continue
                elif target is not None:
                    main.append(link(labels[index - 1], to=target))
            self.menu(locale, NavigationMenu.Slot.MAIN, main)
            self.menu(
                locale,
                NavigationMenu.Slot.NETWORK,
                [link(labels[index - 1], to=target) for target, *labels in network],
            )
            self.menu(
                locale,
                NavigationMenu.Slot.FOOTER,
                self.footer_links(locale, index, link),
            )
        footers = {
            self.en: "<p>The North America Regional Hub connects the region’s cities with a "
            "global network of more than 290 cities working to prevent hate, extremism and "
            "polarisation. Write to the hub team at "
            '<a href="mailto:na.hub@example.org">na.hub@example.org</a>.</p>',
            self.fr: "<p>Le Pôle régional Amérique du Nord relie les villes de la région à un "
            "réseau mondial de plus de 290 villes qui œuvrent à prévenir la haine, "
            "l’extrémisme et la polarisation. Écrivez à l’équipe du Pôle à l’adresse "
            '<a href="mailto:na.hub@example.org">na.hub@example.org</a>.</p>',
        }
        footer_en = FooterText.objects.filter(locale=self.en).first() or FooterText(locale=self.en)
        footer_en.body = footers[self.en]
        footer_en.save()
        footer_fr = footer_en.get_translation_or_none(self.fr) or footer_en.copy_for_translation(
            self.fr
        )
        footer_fr.body = footers[self.fr]
        footer_fr.save()

    def footer_links(self, locale, index, link):
        """What the header does not hold: how to get help, checking a certificate someone
        shows you, writing to the hub team."""
        links = []
        for view, *labels in [
            ("helpdesk:list", "Get help in a crisis", "Obtenir de l’aide en situation de crise"),
            ("academy:certificate_check", "Check a certificate", "Vérifier un certificat"),
        ]:
            try:
                with translation.override(locale.language_code):
                    links.append(link(labels[index - 1], url=reverse(view)))
            except NoReverseMatch:
                continue
        contact = ("Contact the hub team", "Écrire à l’équipe du Pôle")[index - 1]
        links.append(link(contact, url="mailto:na.hub@example.org"))
        return links

    def load_home_services(self):
        """The home page's hero buttons and its services, each linked where the header's
        services menu leads (built just before), with a line on who it is for."""
        texts = {
            "en": [
                (
                    "Prevention Academies",
                    "Cohort courses for city officials in the US, Canada "
                    "and British Columbia: modules, knowledge checks and a certificate.",
                ),
                (
                    "Webinars",
                    "Monthly live sessions with practitioners, and every past "
                    "session's recording to watch when it suits you.",
                ),
                (
                    "Office hours",
                    "Book a call with one of the hub's experts to shape a "
                    "workshop, a strategy or your next step.",
                ),
                (
                    "Help desk",
                    "Rapid, confidential advice when your city faces a threat, an "
                    "attack or rising tension; an answer within the hour when someone is at risk.",
                ),
                (
                    "Funding",
                    "Calls for proposals and small grants for community-based organisations "
                    "working against hate, with help to apply in English or French.",
                ),
                (
                    "Resource Hub",
                    "Guides, toolkits and reports from cities in the network, "
                    "free to read and download.",
                ),
            ],
            "fr": [
                (
                    "Académies de prévention",
                    "Des formations en cohorte pour le personnel "
                    "municipal aux États-Unis, au Canada et en Colombie-Britannique : modules, "
                    "tests de connaissances et certificat.",
                ),
                (
                    "Webinaires",
                    "Des séances mensuelles en direct avec des praticiens, et "
                    "l’enregistrement de chaque séance passée, à regarder quand vous voulez.",
                ),
                (
                    "Permanences",
                    "Réservez un appel avec une ou un expert du Pôle pour bâtir un "
                    "atelier, une stratégie ou votre prochaine étape.",
                ),
                (
                    "Service d’assistance",
                    "Des conseils rapides et confidentiels quand votre "
                    "ville fait face à une menace, une attaque ou des tensions; une réponse dans "
                    "l’heure quand une personne est en danger.",
                ),
                (
                    "Financement",
                    "Des appels de propositions et de petites subventions pour les organismes "
                    "communautaires qui luttent contre la haine, avec de l’aide pour présenter "
                    "une demande en français ou en anglais.",
                ),
                (
                    "Ressources",
                    "Des guides, des outils et des rapports de villes du réseau, à "
                    "lire et à télécharger gratuitement.",
                ),
            ],
        }
        actions = {
            "en": ("Join the network", "Get help in a crisis"),
            "fr": ("Rejoindre le réseau", "Obtenir de l’aide en situation de crise"),
        }
        for locale in (self.en, self.fr):
            code = locale.language_code
            home = HomePage.objects.get(locale=locale)
            menu = NavigationMenu.objects.get(locale=locale, slot=NavigationMenu.Slot.MAIN)
            links = [item.value for item in menu.links]
            try:
                with translation.override(code):
                    help_url = reverse("helpdesk:list")
            except NoReverseMatch:
                help_url = None
            services = []
            # Keyed by the menu's label: a feature app left out of INSTALLED_APPS has no link.
            menu_labels = {
                "en": [
                    "Academy",
                    "Webinars",
                    "Office hours",
                    "Help desk",
                    "Funding",
                    "Resource Hub",
                ],
                "fr": [
                    "Académie",
                    "Webinaires",
                    "Permanences",
                    "Service d’assistance",
                    "Financement",
                    "Ressources",
                ],
            }[code]
            by_label = dict(zip(menu_labels, texts[code], strict=True))
            for link in links:
                if link["label"] not in by_label:
                    continue
                title, text = by_label[link["label"]]
                target = {"label": link["label"], "page": link["page"], "url": link["url"]}
                services.append(("service", {"title": title, "text": text, "link": target}))
            membership = StandardPage.objects.get(locale=self.en, slug="membership")
            membership = membership.get_translation_or_none(locale) or membership
            join, get_help = actions[code]
            buttons = [("link", {"label": join, "page": membership, "url": ""})]
            if help_url:
                buttons.append(("link", {"label": get_help, "page": None, "url": help_url}))
            home.services = services
            home.hero_actions = buttons
            home.save_revision().publish()

    def menu(self, locale, slot, links):
        source = NavigationMenu.objects.filter(locale=self.en, slot=slot).first()
        menu = NavigationMenu.objects.filter(locale=locale, slot=slot).first()
        if menu is None:
            if locale == self.en or source is None:
                menu = NavigationMenu(locale=locale, slot=slot)
            else:
                menu = source.copy_for_translation(locale)
        menu.links = links
        menu.save()

    # --- The public site ---

    def load_public_site(self, home_en, home_fr, topics, organisations):
        for code, name, name_en, name_fr in [
            ("en", "English", "English", "anglais"),
            ("fr", "Français", "French", "français"),
            ("es", "Español", "Spanish", "espagnol"),
        ]:
            ContentLanguage.objects.update_or_create(
                code=code, defaults={"name": name, "name_en": name_en, "name_fr": name_fr}
            )
        hub = self.child(
            home_en,
            ResourceHubPage,
            "resources",
            "Resource Hub",
            introduction="An open, living library of tools and guides for mayors and cities "
            "tackling hate, extremism and polarisation, shaped by real cases from the network.",
        )
        self.translate(
            hub,
            title="Ressources",
            slug="ressources",
            introduction="Une bibliothèque ouverte et vivante d’outils et de guides pour les "
            "maires et les villes qui luttent contre la haine, l’extrémisme et la polarisation.",
        )
        resources = {}
        for (
            slug,
            title,
            summary,
            kind,
            audience,
            region,
            published,
            themes,
            languages,
            french,
        ) in demo_content.RESOURCES:
            document = demo_content.demo_document(title, slug)
            # The same row on every run: its translation key ties the French page's file to it.
            existing = ResourceDocument.objects.filter(
                page__slug=slug, page__locale=self.en, document=document
            ).first()
            resource = self.child(
                hub,
                ResourcePage,
                slug,
                title,
                summary=summary,
                resource_type=kind,
                audience=audience,
                region=region,
                published_on=published,
                social_image=demo_content.demo_image(slug, title),
                relations={
                    "topics": [topics[theme] for theme in themes],
                    "languages": list(ContentLanguage.objects.filter(code__in=languages)),
                    "documents": [existing or ResourceDocument(document=document)],
                },
            )
            resources[slug] = resource
            if french:
                self.translate(
                    resource,
                    title=demo_content.typo(french[0]),
                    summary=demo_content.typo(french[1]),
                    slug=demo_content.french_slug(slug),
                    documents=self.french_documents(resource, slug),
                )

        stories = self.child(
            home_en,
            NewsIndexPage,
            "stories",
            "Impact stories",
            introduction="What member cities did with the hub's support.",
        )
        self.translate(
            stories,
            title="Récits d’impact",
            slug="recits",
            introduction="Ce que les villes membres ont accompli avec l’appui du Pôle.",
        )
        story_pages = {}
        for slug, title, date, cities, themes, summary, french in demo_content.STORIES:
            body_en, body_fr = demo_content.STORY_BODIES[slug]
            story = self.child(
                stories,
                NewsPage,
                slug,
                title,
                date=date,
                summary=summary,
                body=body_en,
                social_image=demo_content.demo_image(slug, title),
                relations={
                    "cities": [organisations[name] for name in cities],
                    "topics": [topics[theme] for theme in themes],
                },
            )
            title_fr, summary_fr = french or demo_content.FRENCH[slug]
            story_pages[slug] = story
            self.translate(
                story,
                title=demo_content.typo(title_fr),
                summary=demo_content.typo(summary_fr),
                body=demo_content.french(body_fr),
                slug=demo_content.french_slug(slug),
            )

        events = self.child(
            home_en,
            EventIndexPage,
            "convenings",
            "Convenings",
            introduction="Workshops, roundtables, retreats and exchanges, in person and online.",
        )
        self.translate(
            events,
            title="Rencontres",
            slug="rencontres",
            introduction="Ateliers, tables rondes, retraites et échanges, en personne et en ligne.",
        )
        event_pages = {}
        for (
            slug,
            title,
            start,
            length,
            event_format,
            city,
            location,
            partners,
            summary,
            french,
        ) in demo_content.EVENTS:
            start_date, end_date = demo_content.event_dates(start, length)
            body_en, body_fr = demo_content.EVENT_BODIES[slug]
            story = story_pages.get(demo_content.EVENT_STORIES.get(slug))
            if story is not None:
                body_en = [
                    *body_en,
                    demo_content.cta(
                        "What came of it, and who took part.", "Read the story", page=story
                    ),
                ]
                body_fr = [
                    *body_fr,
                    demo_content.cta(
                        "Ce qui en est sorti, et qui y a pris part.",
                        "Lire le récit",
                        page=story.get_translation(self.fr),
                    ),
                ]
            event_pages[slug] = event = self.child(
                events,
                EventPage,
                slug,
                title,
                start_date=start_date,
                end_date=end_date,
                event_format=event_format,
                city=organisations.get(city),
                location=location,
                summary=summary,
                body=body_en,
                social_image=demo_content.demo_image(slug, title),
                relations={"partners": [organisations[name] for name in partners]},
            )
            title_fr, summary_fr = french or demo_content.FRENCH[slug]
            self.translate(
                event,
                title=demo_content.typo(title_fr),
                summary=demo_content.typo(summary_fr),
                body=demo_content.french(body_fr),
                slug=demo_content.french_slug(slug),
            )

        directory = self.child(
            home_en,
            CityDirectoryPage,
            "member-cities",
            "Member cities",
            introduction="Cities in Canada and the United States that belong to the network.",
        )
        self.translate(
            directory,
            title="Villes membres",
            slug="villes-membres",
            introduction="Les villes du Canada et des États-Unis qui font partie du réseau.",
        )

        def featured(locale):
            """Three pages with pictures and a sentence each: what is coming, what happened,
            where to start."""
            french = locale == self.fr
            return [
                ("page", {"page": page.get_translation(locale), "summary": summary[french]})
                for page, summary in [
                    (event_pages["mayoral-retreat-2027"], demo_content.FEATURED["retreat"]),
                    (story_pages["vancouver-online-harms-academy"], demo_content.FEATURED["bc"]),
                    (resources["ten-step-roadmap"], demo_content.FEATURED["roadmap"]),
                ]
            ]

        # Fresh rows: publishing a stale copy would write back an out-of-date child count.
        home_en = HomePage.objects.get(pk=home_en.pk)
        home_fr = HomePage.objects.get(pk=home_fr.pk)
        home_en.pillars = [("pillar", {"title": t, "text": x}) for t, x in demo_content.PILLARS]
        home_en.figures = [
            ("figure", {"figure": f, "label": label}) for f, label in demo_content.FIGURES
        ]
        home_en.featured = featured(self.en)
        home_en.save_revision().publish()
        home_fr.pillars = [
            ("pillar", {"title": t, "text": demo_content.typo(x)})
            for t, x in demo_content.PILLARS_FR
        ]
        home_fr.figures = [
            ("figure", {"figure": f, "label": demo_content.typo(label)})
            for f, label in demo_content.FIGURES_FR
        ]
        home_fr.featured = featured(self.fr)
        home_fr.save_revision().publish()

    def french_documents(self, resource, slug) -> list[ResourceDocument]:
        """The French page's files, each the translation of the English one (same translation
        key): the French edition where there is one, else the English file itself."""
        french_title = demo_content.FRENCH_DOCUMENTS.get(slug)
        translation = resource.get_translation_or_none(self.fr)
        rows = []
        for source in resource.documents.all():
            row = None
            if translation is not None:
                row = translation.specific.documents.filter(
                    translation_key=source.translation_key
                ).first()
            row = row or ResourceDocument(translation_key=source.translation_key, locale=self.fr)
            row.sort_order = source.sort_order
            row.document = source.document
            if french_title:
                row.document = demo_content.demo_document(
                    demo_content.typo(french_title), f"{slug}-fr"
                )
            rows.append(row)
        return rows

    def child(self, parent, model, slug, title, relations=None, **fields):
        """Create or update a page under parent and publish it once, with its many-to-many
        relations (themes, cities, partners) in the same revision."""
        page = model.objects.filter(locale=parent.locale, slug=slug).first()
        if page is None:
            page = model(slug=slug, title=title, locale=parent.locale, **fields)
            parent.add_child(instance=page)
        page.title = title
        for name, value in {**fields, **(relations or {})}.items():
            setattr(page, name, value)
        page.save_revision().publish()
        return page

    def load_workflow(self):
        """Editors submit, moderators publish: Wagtail's default workflow, made sure of."""
        moderators = Group.objects.get(name="Moderators")
        task = GroupApprovalTask.objects.filter(groups=moderators).first()
        if task is None:
            task = GroupApprovalTask.objects.create(name="Moderators approval")
            task.groups.set([moderators])
        workflow, _ = Workflow.objects.get_or_create(name="Moderators approval")
        if not WorkflowTask.objects.filter(workflow=workflow, task=task).exists():
            WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
        WorkflowPage.objects.update_or_create(
            page=Page.get_first_root_node(), defaults={"workflow": workflow}
        )

    # --- Network ---

    def load_organisations(self) -> dict[str, Organisation]:
        organisations = {}
        for name, kind, country, region, member_since in ORGANISATIONS:
            is_member = kind == "city"
            organisation, _ = Organisation.objects.update_or_create(
                name=name,
                defaults={
                    "kind": kind,
                    "country": country,
                    "region": region,
                    "is_member": is_member,
                    "member_since": member_since,
                },
            )
            organisations[name] = organisation
        return organisations

    def load_people(self, organisations, topics):
        # The roles' permissions are granted on every migrate (grant_roles in each app).
        self.person("admin@hub.example", "Alex Admin", superuser=True)
        self.person("editor@hub.example", "Eden Editor", groups=["Editors"])
        self.person("moderator@hub.example", "Morgan Moderator", groups=["Moderators"])
        self.person("coordinator@hub.example", "Casey Coordinator", groups=[COORDINATORS_GROUP])
        for email, name, zone, languages, jurisdictions, topic_slugs, roles, bios in EXPERTS:
            user = self.person(email, name, groups=[EXPERTS_GROUP], time_zone=zone)
            profile, _ = ExpertProfile.objects.update_or_create(
                user=user,
                defaults={
                    "role": roles[0],
                    "role_fr": demo_content.typo(roles[1]),
                    "bio": bios[0],
                    "bio_fr": demo_content.typo(bios[1]),
                    "languages": languages,
                    "jurisdictions": jurisdictions,
                    "time_zone": zone,
                    "weekly_capacity": 5,
                },
            )
            profile.topics.set([topics[slug] for slug in topic_slugs])
        for email, name, organisation, role, language, zone in [
            (
                "official.edmonton@hub.example",
                "Jordan Lee",
                "Edmonton",
                "lead",
                "en",
                "America/Edmonton",
            ),
            ("official.boise@hub.example", "Sam Rivera", "Boise", "member", "en", "America/Boise"),
            (
                "official.brampton@hub.example",
                "Camille Roy",
                "Brampton",
                "member",
                "fr",
                "America/Toronto",
            ),
            (
                "community@hub.example",
                "Taylor Brooks",
                "Boise Neighbours Together",
                "lead",
                "en",
                "America/Boise",
            ),
        ]:
            user = self.person(email, name, language=language, time_zone=zone)
            Membership.objects.update_or_create(
                user=user, organisation=organisations[organisation], defaults={"role": role}
            )

    def person(self, email, full_name, *, superuser=False, groups=(), **fields) -> User:
        user = User.objects.filter(email=email).first() or User(email=email)
        user.full_name = full_name
        user.is_superuser = superuser
        user.is_staff = superuser or bool(groups)
        for name, value in fields.items():
            setattr(user, name, value)
        user.set_password(DEMO_PASSWORD)
        user.save()
        user.groups.set([Group.objects.get(name=name) for name in groups])
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        return user
