"""Free-mail providers: anyone can have an address there, so such a domain never says which
organisation a person works for (never verified for one, never used to suggest one).

A constant list of the providers people in Canada and the US use; a domain not listed here
is still checked by a coordinator before it is verified.
"""

FREE_MAIL_DOMAINS = frozenset(
    {
        # Google, Microsoft, Yahoo, Apple, AOL
        "gmail.com", "googlemail.com",
        "outlook.com", "outlook.fr", "hotmail.com", "hotmail.ca", "hotmail.fr", "live.com",
        "live.ca", "live.fr", "msn.com", "passport.com",
        "yahoo.com", "yahoo.ca", "yahoo.fr", "ymail.com", "rocketmail.com",
        "icloud.com", "me.com", "mac.com",
        "aol.com", "aim.com", "verizon.net",
        # Privacy-minded and other international providers
        "proton.me", "protonmail.com", "protonmail.ch", "pm.me", "tutanota.com", "tuta.io",
        "tutamail.com", "fastmail.com", "fastmail.fm", "hey.com", "zoho.com", "zohomail.com",
        "mail.com", "email.com", "gmx.com", "gmx.net", "gmx.us", "yandex.com", "yandex.ru",
        "mail.ru", "inbox.com", "hushmail.com", "duck.com", "skiff.com", "runbox.com",
        "posteo.net", "mailbox.org", "laposte.net", "orange.fr", "free.fr", "sfr.fr",
        "qq.com", "163.com", "126.com",
        # Canadian and US internet providers' mailboxes
        "shaw.ca", "telus.net", "rogers.com", "sympatico.ca", "bell.net", "videotron.ca",
        "videotron.qc.ca", "cogeco.ca", "eastlink.ca", "sasktel.net", "mts.net",
        "comcast.net", "xfinity.com", "att.net", "sbcglobal.net", "bellsouth.net",
        "charter.net", "cox.net", "earthlink.net", "optonline.net", "frontier.com",
        "windstream.net", "centurylink.net", "juno.com", "netzero.net",
    }
)  # fmt: skip # a provider's domains share a line: one per line would run to 60 lines


def domain_of(email: str) -> str:
    """The part after the @, lower case, without a trailing dot."""
    return email.rpartition("@")[2].strip().lower().rstrip(".")


def is_free_mail(domain: str) -> bool:
    """Whether a domain (or any domain it is under, e.g. mail.yahoo.com) is a free-mail
    provider's."""
    domain = domain.strip().lower().rstrip(".")
    parts = domain.split(".")
    return any(".".join(parts[i:]) in FREE_MAIL_DOMAINS for i in range(len(parts) - 1))
