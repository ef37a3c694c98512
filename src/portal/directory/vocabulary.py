"""The directory's fixed vocabularies, in plain words that translate.

Each term has a stable code (stored on listings) and a bit (its position) used by the search
index; add new terms at the END of a tuple and run `flask directory reindex`.

Categories are the exception: they live in the database and coordinators manage them
(`categories.py`). `SHIPPED_CATEGORIES` is what migration 0009 seeded, and stays as it is:
its messages are how a language without a coordinator's own wording names a shipped category,
so translators keep translating them. Synonyms are what people actually type, one
comma-separated string per language; a search matches both the English words and the current
language's.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from babel import Locale
from flask_babel import get_locale

from portal.i18n import _l


@dataclass(frozen=True)
class Term:
    code: str
    label: str  # lazy string: translated where it is shown


@dataclass(frozen=True)
class ShippedCategory(Term):
    synonyms: str  # lazy, comma-separated words and phrases
    related: tuple[str, ...] = ()  # suggested when a search finds nothing


# Frozen: the bit of each is its position here. Change categories in the portal, never here.
SHIPPED_CATEGORIES: tuple[ShippedCategory, ...] = (
    ShippedCategory(
        "befriending",
        _l("Befriending and someone to talk to"),
        _l("lonely, loneliness, alone, isolated, befriending, friend, friends, company, someone to talk to, chat"),
        ("social", "older_people"),
    ),
    ShippedCategory(
        "social",
        _l("Social groups and meeting people"),
        _l("lonely, loneliness, alone, isolated, meet people, social, coffee morning, lunch club, friends"),
        ("befriending", "arts"),
    ),
    ShippedCategory(
        "walking",
        _l("Walking and outdoors"),
        _l("walk, walking, ramble, rambling, hike, outdoors, nature, park, fresh air"),
        ("exercise", "gardening"),
    ),
    ShippedCategory(
        "exercise",
        _l("Exercise, sport and dance"),
        _l("exercise, fitness, sport, dance, yoga, tai chi, swim, swimming, football, keep fit, active, gym"),
        ("walking",),
    ),
    ShippedCategory(
        "music", _l("Music and singing"), _l("music, choir, sing, singing, band, songs, instrument"), ("arts", "social")
    ),
    ShippedCategory(
        "arts",
        _l("Arts and crafts"),
        _l("art, arts, craft, crafts, knit, knitting, sew, sewing, paint, painting, drawing, pottery, creative"),
        ("music", "social"),
    ),
    ShippedCategory(
        "gardening",
        _l("Gardening and growing food"),
        _l("garden, gardening, allotment, grow, growing, plants, green space"),
        ("walking", "volunteering"),
    ),
    ShippedCategory(
        "mental_wellbeing",
        _l("Mental wellbeing"),
        _l(
            "sad, low, down, unhappy, depressed, depression, anxious, anxiety, stress, stressed, worried, "
            "mental health, wellbeing, mood, panic"
        ),
        ("befriending", "bereavement"),
    ),
    ShippedCategory(
        "money",
        _l("Money, debt and benefits advice"),
        _l(
            "money, debt, debts, benefits, bills, universal credit, budget, budgeting, cost of living, "
            "pension credit, energy bills"
        ),
        ("food", "housing"),
    ),
    ShippedCategory(
        "food",
        _l("Food banks and meals"),
        _l("food, food bank, hungry, meal, meals, pantry, groceries, community cafe"),
        ("money",),
    ),
    ShippedCategory(
        "housing", _l("Housing help"), _l("housing, home, rent, homeless, landlord, eviction, repairs"), ("money",)
    ),
    ShippedCategory(
        "volunteering",
        _l("Work, volunteering and skills"),
        _l("job, jobs, work, employment, cv, volunteer, volunteering, skills, training"),
        ("learning",),
    ),
    ShippedCategory(
        "carers",
        _l("Support for carers"),
        _l("carer, carers, caring, looking after someone, respite"),
        ("befriending", "mental_wellbeing"),
    ),
    ShippedCategory(
        "learning",
        _l("Learning English and other classes"),
        _l("english, esol, learn, learning, class, classes, course, computer, digital, reading"),
        ("volunteering", "social"),
    ),
    ShippedCategory(
        "mens_groups",
        _l("Men's groups and sheds"),
        _l("men, men's shed, mens shed, shed, woodwork, blokes"),
        ("social", "mental_wellbeing"),
    ),
    ShippedCategory(
        "families",
        _l("Families, parents and children"),
        _l("family, families, parent, parents, children, kids, baby, toddler, playgroup"),
        ("food",),
    ),
    ShippedCategory(
        "older_people",
        _l("Older people"),
        _l("older, elderly, retired, pensioner, over 50s, over 60s, later life"),
        ("befriending", "social"),
    ),
    ShippedCategory(
        "healthy_living",
        _l("Healthy living and long-term conditions"),
        _l("diabetes, heart, stroke, pain, weight, stop smoking, healthy, dementia, memory, breathing"),
        ("exercise", "walking"),
    ),
    ShippedCategory(
        "bereavement",
        _l("Bereavement and loss"),
        _l("grief, grieving, bereavement, bereaved, loss, death, widow, widowed"),
        ("mental_wellbeing", "befriending"),
    ),
)

AUDIENCES: tuple[Term, ...] = (
    Term("adults", _l("Adults")),
    Term("older_people", _l("Older people")),
    Term("young_people", _l("Young people")),
    Term("families", _l("Families")),
    Term("carers", _l("Carers")),
    Term("women", _l("Women")),
    Term("men", _l("Men")),
    Term("lgbtq", _l("LGBTQ+ people")),
    Term("disabled_people", _l("Disabled people")),
    Term("refugees", _l("Refugees and asylum seekers")),
)

ACCESS_FEATURES: tuple[Term, ...] = (
    Term("step_free", _l("Step-free access")),
    Term("accessible_toilet", _l("Accessible toilet")),
    Term("hearing_loop", _l("Hearing loop")),
    Term("bsl", _l("British Sign Language (BSL)")),
    Term("quiet_space", _l("Quiet space")),
    Term("parking", _l("Parking")),
    Term("near_bus_stop", _l("Near a bus stop")),
    Term("large_print", _l("Large print")),
)

DELIVERY: tuple[Term, ...] = (
    Term("in_person", _l("In person")),
    Term("online", _l("Online")),
    Term("phone", _l("By phone")),
)

ATTENDING_ACCESS: tuple[Term, ...] = (
    Term("drop_in", _l("Drop in: just turn up")),
    Term("book_first", _l("Book first")),
    Term("referral", _l("Referral needed")),
)

CAPACITY: tuple[Term, ...] = (
    Term("open", _l("Open to new people")),
    Term("waiting_list", _l("Waiting list")),
    Term("full", _l("Full at the moment")),
)

# Languages a group can be run in, besides English. Names come from Babel in the reader's own
# language, so they need no translation here.
LANGUAGE_CODES: tuple[str, ...] = (
    "en",
    "cy",
    "ur",
    "pa",
    "pl",
    "ro",
    "ar",
    "bn",
    "gu",
    "pt",
    "es",
    "so",
    "ku",
    "fa",
    "zh",
    "ti",
    "hi",
    "ps",
)

SHIPPED_BY_CODE = {category.code: category for category in SHIPPED_CATEGORIES}
AUDIENCE_BY_CODE = {term.code: term for term in AUDIENCES}
ACCESS_BY_CODE = {term.code: term for term in ACCESS_FEATURES}
DELIVERY_BY_CODE = {term.code: term for term in DELIVERY}
ATTENDING_ACCESS_BY_CODE = {term.code: term for term in ATTENDING_ACCESS}
CAPACITY_BY_CODE = {term.code: term for term in CAPACITY}


def mask(codes: Iterable[str], vocabulary: Sequence[Term | str]) -> int:
    """The bits of the given codes; unknown codes are ignored."""
    positions = {(term if isinstance(term, str) else term.code): bit for bit, term in enumerate(vocabulary)}
    result = 0
    for code in codes:
        if code in positions:
            result |= 1 << positions[code]
    return result


def term_label(terms: Mapping[str, Term], code: str) -> str:
    """A term's name in the reader's language, or its code where the term is not known."""
    term = terms.get(code)
    return str(term.label) if term else code


def language_name(code: str) -> str:
    """A language's name in the reader's language ("Polish", "Pwyleg", "پولش")."""
    reader = str(get_locale() or "en")
    try:
        return Locale.parse(code).get_display_name(reader) or code
    except (ValueError, LookupError):
        return code


def msgid(label: object) -> str:
    """A lazy label's English text (its msgid), whatever language the request is in."""
    args = getattr(label, "_args", None)
    return str(args[0]) if args else str(label)
