"""Every public page the accessibility scan visits, and in which languages.

A feature adds its pages here (paths without the language prefix). Every page is scanned in
English, Welsh and the two right-to-left languages; the key pages of a journey in all eleven
(tests/browser/test_languages.py), which keeps CI within its time."""

from portal.i18n import SHIPPED_LOCALES

FOUNDATION_PAGES = [
    "/",
    "/languages",
    "/what-is-social-prescribing",
    "/what-happens-next",
    "/accessibility",
    "/privacy",
    "/cookies",
    "/contact",
    "/no-such-page",
]

# Sign-in and password reset pages need no state to show.
ACCOUNTS_PAGES = ["/sign-in", "/reset-password", "/reset-password/sent", "/signed-out"]

DIRECTORY_PAGES = [
    "/directory",
    "/directory?postcode=LS6+1AN&q=walking",
    "/directory?postcode=not+a+postcode",
    "/directory/shortlist",
]

REFERRAL_PAGES = ["/refer-yourself", "/ask-for-a-call-back"]

ORGANISATIONS_PAGES = ["/list-your-group", "/list-your-group/sent", "/still-correct/not-a-real-link"]

PUBLIC_PAGES = [*FOUNDATION_PAGES, *ACCOUNTS_PAGES, *DIRECTORY_PAGES, *REFERRAL_PAGES, *ORGANISATIONS_PAGES]
EVERY_LOCALE = list(SHIPPED_LOCALES)
LOCALES = ["en", "cy", "ur", "ar"]  # every public page, with JavaScript
WITHOUT_JS_LOCALES = ["en", "cy", "ar"]  # every public page and the key journeys, without it
SCREENSHOT_LOCALES = ["ar", "ur", "pa", "bn", "gu"]
STAFF_LOCALES = ["en", "cy", "ur"]  # staff and organisation pages: one of each direction is enough
