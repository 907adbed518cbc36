"""Joining demo content, added to `manage.py load_demo` (settings.HUB_DEMO_LOADERS): the
demo cities' verified email domains, a request to join Edmonton waiting for its lead
(Jordan Lee), and an invitation Jordan sent that is not accepted yet. Idempotent."""

from .models import Invitation, JoinRequest, Membership, OrganisationDomain, User

DOMAINS = [("Edmonton", "edmonton.ca"), ("Boise", "cityofboise.org"), ("Brampton", "brampton.ca")]
ASKER = ("riley.chen@edmonton.ca", "Riley Chen")
ASKER_MESSAGE = "I coordinate the community safety office and would like to book office hours."
INVITED = "morgan.blake@edmonton.ca"


def load(*, organisations, person, **kwargs):
    coordinator = User.objects.filter(email="coordinator@hub.example").first()
    for name, domain in DOMAINS:
        OrganisationDomain.objects.get_or_create(
            domain=domain,
            defaults={"organisation": organisations[name], "verified_by": coordinator},
        )
    edmonton = organisations["Edmonton"]
    asker = person(ASKER[0], ASKER[1], language="en", time_zone="America/Edmonton")
    if not Membership.objects.filter(user=asker, organisation=edmonton).exists():
        JoinRequest.objects.get_or_create(
            user=asker,
            organisation=edmonton,
            status=JoinRequest.Status.PENDING,
            defaults={"message": ASKER_MESSAGE},
        )
    lead = User.objects.filter(email="official.edmonton@hub.example").first()
    if not Invitation.objects.filter(organisation=edmonton, email=INVITED).exists():
        Invitation.objects.create(organisation=edmonton, email=INVITED, invited_by=lead)
