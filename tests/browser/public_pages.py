"""Every public page the accessibility scan visits, in every shipped language.

A feature adds its pages here (paths without the language prefix)."""

FOUNDATION_PAGES = [
    "/",
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
LOCALES = ["en", "cy", "ur"]
