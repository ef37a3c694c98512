"""The two journeys as data: which questions, in which order, when each applies, and what a
person is shown between questions (pages that explain, never error messages).

Continue always leads to the first question still unanswered, else to check answers: so a
change made from check answers returns there, a question that a change makes relevant is asked,
and answers carried over from the other journey are not asked again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date
from functools import cached_property
from typing import Any

from wtforms.fields.core import UnboundField

from portal import clock
from portal.config import SchemeSettings
from portal.i18n import _l
from portal.practices.queries import area_practices
from portal.referrals import forms
from portal.referrals.dates import DateProblem, age_on, read_date_of_birth
from portal.referrals.models import ReferralKind
from portal.referrals.wording import Message, Wording
from portal.web.forms import normalise_postcode, outward_code

Answers = dict[str, Any]
ADULT_AGE = 16


def someone_else(answers: Answers) -> bool:
    return answers.get("who_for") == "someone_else"


def interpreter_needed(answers: Answers) -> bool:
    """A ticked box (a list); drafts started before the language page asked it kept "yes"/"no"."""
    value = answers.get("interpreter")
    return value == "yes" or (isinstance(value, list) and "yes" in value)


def _always(_answers: Answers) -> bool:
    return True


@dataclass(frozen=True)
class Question:
    slug: str
    form: type[forms.StepForm]
    heading: Message
    label: Any  # the short name on check answers
    field: str  # the field the page's heading belongs to
    hint: Message | None = None
    applies: Callable[[Answers], bool] = _always
    template: str = "referrals/question.html"
    input: dict[str, Any] = dataclass_field(default_factory=dict)  # for text inputs: type, autocomplete, width...
    inline: bool = False

    @cached_property
    def keys(self) -> tuple[str, ...]:
        return (
            tuple(
                name
                for name in dir(self.form)
                if isinstance(getattr(self.form, name), UnboundField) and name not in ("website", "csrf_token")
            )
            + self.form.also_answers
        )

    def answered(self, answers: Answers) -> bool:
        return all(key in answers for key in self.keys)

    def input_for(self, about_someone_else: bool) -> dict[str, Any]:
        """A browser must not fill in the person's own details about someone else."""
        if about_someone_else and "autocomplete" in self.input:
            return {**self.input, "autocomplete": "off"}
        return self.input


@dataclass(frozen=True)
class Journey:
    slug: str
    kind: ReferralKind
    questions: tuple[Question, ...]
    start_endpoint: str

    def question(self, slug: str) -> Question | None:
        return next((question for question in self.questions if question.slug == slug), None)

    def applicable(self, answers: Answers) -> list[Question]:
        return [question for question in self.questions if question.applies(answers)]

    def first_unanswered(self, answers: Answers) -> Question | None:
        return next((question for question in self.applicable(answers) if not question.answered(answers)), None)

    def previous(self, question: Question, answers: Answers) -> Question | None:
        """The last question asked before this one. Only those before it are looked at: a later
        question's rule may need a query (`practices_offered`), and the back link is on every page."""
        if question not in self.questions or not question.applies(answers):
            return None
        before = self.questions[: self.questions.index(question)]
        return next((asked for asked in reversed(before) if asked.applies(answers)), None)


def _about(yours: Any, theirs: Any) -> Wording:
    return Wording(yours, theirs)


NAME = Question(
    "name",
    forms.NameForm,
    _about(_l("What is your full name?"), _l("What is their full name?")),
    _l("Full name"),
    "full_name",
    input={"autocomplete": "name", "spellcheck": "false"},
)
LANGUAGE = Question(
    "language",
    forms.LanguageForm,
    _about(_l("What language would you like to speak in?"), _l("What language would they like to speak in?")),
    _l("Language"),
    "language",
    hint=_l("We can get you an interpreter for free. This includes British Sign Language."),
    template="referrals/language.html",
)
VOICEMAIL = Question(
    "voicemail",
    forms.VoicemailForm,
    _l("Can we leave a voicemail message?"),
    _l("Voicemail"),
    "voicemail",
    hint=_about(
        _l("Say no if someone else might listen to your messages and that would not be safe for you."),
        _l("Say no if someone else might listen to their messages and that would not be safe for them."),
    ),
    inline=True,
)
CONSENT = Question(
    "agree-to-share",
    forms.ConsentForm,
    _l("Agree to share your information"),
    _l("Agreed to share"),
    "consent",
    template="referrals/consent.html",
)


POSTCODE_HINT = _about(
    _l("For example, LS6 1AN. If you do not have a settled address, use the postcode where you stay most."),
    _l("For example, LS6 1AN. If they do not have a settled address, use the postcode where they stay most."),
)
# Ofcom's drama numbers: accepted when typed (see portal.web.forms), never called.
PHONE_HINT = _l("For example, 01632 960 001 or 07700 900 982. We will never call these example numbers.")


def _best_times(heading: Message) -> Question:
    return Question(
        "best-times",
        forms.BestTimesForm,
        heading,
        _l("Best times"),
        "best_times",
        hint=_l("For example, weekday mornings, or after 3pm on Tuesdays."),
    )


def practices_offered(_answers: Answers) -> bool:
    """Asked when the scheme's area has practices in the practice list (`flask practices import`)."""
    return bool(area_practices())


# Safety first, then who can be helped (their agreement, age, area), then only what the link
# worker needs before the first call: the GP practice sends the referral to the practice's
# team. Access needs are asked on that call.
SELF_REFERRAL = Journey(
    "refer-yourself",
    ReferralKind.SELF_REFERRAL,
    (
        Question(
            "urgent",
            forms.UrgencyForm,
            _l("Does anyone need help urgently, for example because they do not feel safe?"),
            _l("Needs help urgently"),
            "urgent",
            hint=_l("This could be you, or someone you are asking for help for."),
            inline=True,
        ),
        Question(
            "who-for",
            forms.WhoForForm,
            _l("Who is the referral for?"),
            _l("Referral for"),
            "who_for",
            template="referrals/who-for.html",
        ),
        Question(
            "their-agreement",
            forms.AgreementForm,
            _l("Do they agree to you referring them?"),
            _l("They agree to the referral"),
            "person_agrees",
            hint=_l("A link worker can only help someone who wants their help."),
            applies=someone_else,
            inline=True,
        ),
        Question(
            "date-of-birth",
            forms.DateOfBirthForm,
            _about(_l("What is your date of birth?"), _l("What is their date of birth?")),
            _l("Date of birth"),
            "dob_day",
            hint=_l("For example, 27 3 1985 or 27 March 1985"),
            template="referrals/date-of-birth.html",
        ),
        Question(
            "postcode",
            forms.PostcodeForm,
            _about(_l("What is your postcode?"), _l("What is their postcode?")),
            _l("Postcode"),
            "postcode",
            hint=POSTCODE_HINT,
            input={"autocomplete": "postal-code", "width": "postcode", "spellcheck": "false"},
        ),
        Question(
            "gp-practice",
            forms.GpPracticeForm,
            _about(_l("Which GP practice are you registered with?"), _l("Which GP practice are they registered with?")),
            _l("GP practice"),
            "gp_practice",
            hint=_about(
                _l("We send your referral to the link workers at your practice. If you are not sure, say so."),
                _l("We send their referral to the link workers at their practice. If you are not sure, say so."),
            ),
            applies=practices_offered,
        ),
        Question(
            "help-with",
            forms.NeedsForm,
            _about(_l("What would you like help with?"), _l("What would they like help with?")),
            _l("Help with"),
            "needs",
            hint=_l("Select all that apply."),
            template="referrals/help-with.html",
        ),
        NAME,
        Question(
            "contact",
            forms.ContactForm,
            _about(_l("How would you like us to contact you?"), _l("How would they like us to contact them?")),
            _l("Contact by"),
            "contact_channel",
            template="referrals/contact.html",
        ),
        _best_times(
            _about(
                _l("When is the best time to contact you? (optional)"),
                _l("When is the best time to contact them? (optional)"),
            )
        ),
        Question(
            "safe-to-send",
            forms.MessagesForm,
            _about(_l("What is it safe for us to send you?"), _l("What is it safe for us to send them?")),
            _l("Safe to send"),
            "safe_messages",
            hint=_l("Think about who else can hear the phone or see messages, emails or post. Select all that apply."),
        ),
        LANGUAGE,
        CONSENT,
    ),
    "referrals.start_self_referral",
)

CALLBACK = Journey(
    "ask-for-a-call-back",
    ReferralKind.CALLBACK,
    (
        Question(
            "name-and-number",
            forms.NameAndPhoneForm,
            _l("Who should we call?"),
            _l("Name and phone number"),
            "full_name",
            hint=PHONE_HINT,
            template="referrals/name-and-number.html",
        ),
        _best_times(_l("When is the best time to call you? (optional)")),
        LANGUAGE,
        VOICEMAIL,
        Question(
            "what-about",
            forms.AboutForm,
            _l("What would you like to talk about? (optional)"),
            _l("What it is about"),
            "about",
            hint=_l("A few words help us find the right person to call you."),
        ),
        CONSENT,
    ),
    "referrals.start_callback",
)

JOURNEYS = {journey.slug: journey for journey in (SELF_REFERRAL, CALLBACK)}

# The listing a call back asks about (from its "Ask a link worker about this group" link).
LISTING_KEYS = ("listing_id", "listing_name")


def about_listing(listing_id: int, name: str) -> Answers:
    return {"listing_id": listing_id, "listing_name": name}


# What a person already told us in a self-referral about themselves, for a call back instead.
CARRIED_TO_CALLBACK = ("full_name", "best_times", "language", "language_other", "interpreter", "voicemail")


def carried_to_callback(self_referral: Answers) -> Answers:
    """Answers about someone they care for describe another person, so none are carried."""
    if someone_else(self_referral):
        return {}
    carried = {key: self_referral[key] for key in CARRIED_TO_CALLBACK if key in self_referral}
    channel_phone = self_referral.get("phone") or self_referral.get("mobile")
    return {**carried, "phone": channel_phone} if channel_phone else carried


def date_of_birth(answers: Answers) -> date | None:
    day, month, year = (str(answers.get(f"dob_{part}") or "") for part in ("day", "month", "year"))
    born = read_date_of_birth(day, month, year, today=clock.now().date())
    return None if isinstance(born, DateProblem) else born


def outside_area(answers: Answers, scheme: SchemeSettings) -> bool:
    postcode = normalise_postcode(str(answers.get("postcode") or ""))
    return bool(postcode) and outward_code(postcode) not in scheme.outward_codes


def _notices(answers: Answers, scheme: SchemeSettings) -> dict[str, bool]:
    """Each page shown between questions, and whether these answers call for it."""
    born = date_of_birth(answers)
    return {
        "ask-them-first": someone_else(answers) and answers.get("person_agrees") == "no",
        "under-16": not someone_else(answers) and born is not None and age_on(born, clock.now().date()) < ADULT_AGE,
        "outside-area": outside_area(answers, scheme),
        "get-help-now": answers.get("urgent") == "yes",
    }


NOTICE_AFTER = {
    "their-agreement": "ask-them-first",
    "date-of-birth": "under-16",
    "postcode": "outside-area",
    "urgent": "get-help-now",
}
NOTICE_QUESTION = {notice: question for question, notice in NOTICE_AFTER.items()}
NOTICES = tuple(NOTICE_AFTER.values())


def notice_after(question: Question, answers: Answers, scheme: SchemeSettings) -> str | None:
    notice = NOTICE_AFTER.get(question.slug)
    return notice if notice and _notices(answers, scheme)[notice] else None


def blocking_notice(journey: Journey, answers: Answers, scheme: SchemeSettings) -> str | None:
    """A page that stops the journey: nothing can be sent while these answers stand."""
    if journey.kind != ReferralKind.SELF_REFERRAL:
        return None
    shown = _notices(answers, scheme)
    blocking = ["ask-them-first", "under-16"] + ([] if scheme.accepts_out_of_area else ["outside-area"])
    return next((notice for notice in blocking if shown[notice]), None)
