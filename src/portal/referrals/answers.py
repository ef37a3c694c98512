"""Answers shown back in words on check answers: the chosen options' labels, what was typed
isolated for right-to-left pages, and nothing at all ("Not provided") for skipped questions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import url_for
from flask_babel import format_date
from flask_babel import gettext as _
from markupsafe import Markup, escape
from wtforms import SelectChoice

from portal.practices.queries import practice_by_code
from portal.referrals import choices
from portal.referrals.journeys import Answers, Journey, Question, date_of_birth, interpreter_needed, someone_else
from portal.web.templating import bidi

SummaryRow = tuple[str, Any, str, str]


def typed(value: Any) -> Markup | str:
    return bidi(value) if value else ""


def chosen(offered: list[SelectChoice], value: Any) -> str:
    return choices.label_of(offered, value)


def chosen_many(offered: list[SelectChoice], values: Any) -> Markup | str:
    labels = [choices.label_of(offered, value) for value in values or [] if value != "none"]
    if values and "none" in values:
        labels.append(choices.label_of(offered, "none"))
    return Markup("<br>").join(escape(label) for label in labels if label)


def _date_of_birth(answers: Answers) -> str:
    born = date_of_birth(answers)
    return format_date(born, "d MMMM y") if born else ""


def _contact(answers: Answers) -> Markup | str:
    channel = str(answers.get("contact_channel"))
    detail = {"phone": answers.get("phone"), "sms": answers.get("mobile"), "email": answers.get("email")}.get(channel)
    return Markup("%s<br>%s") % (chosen(choices.CONTACT_CHANNELS, channel), typed(detail))


def _language(answers: Answers) -> Markup | str:
    if answers.get("language") == "other":
        language = typed(answers.get("language_other"))
    else:
        language = chosen(choices.LANGUAGES, answers.get("language"))
    if not interpreter_needed(answers):
        return language
    return Markup("%s<br>%s") % (language, chosen(choices.INTERPRETER, "yes"))


def _who_for(answers: Answers) -> Markup | str:
    who = chosen(choices.WHO_FOR, answers.get("who_for"))
    relationship = answers.get("relationship") if someone_else(answers) else None
    return Markup("%s<br>%s") % (who, typed(relationship)) if relationship else who


def _help_with(answers: Answers) -> Markup | str:
    needs = chosen_many(choices.NEEDS, answers.get("needs"))
    what_matters = answers.get("what_matters")
    return Markup("%s<br>%s") % (needs, typed(what_matters)) if what_matters else needs


def _name_and_number(answers: Answers) -> Markup | str:
    return Markup("%s<br>%s") % (typed(answers.get("full_name")), typed(answers.get("phone")))


def _gp_practice(answers: Answers) -> Markup | str:
    """The practice as the NHS names it (in English, marked so), or the answer chosen instead."""
    value = str(answers.get("gp_practice") or "")
    if (label := chosen(choices.NOT_A_PRACTICE, value)) or not value:
        return label
    practice = practice_by_code(value)
    return Markup('<span lang="en">%s</span>') % (practice.name if practice else value)


SHOWN: dict[str, Callable[[Answers], Markup | str]] = {
    "gp_practice": _gp_practice,
    "who_for": _who_for,
    "person_agrees": lambda answers: chosen(choices.YES_NO, answers.get("person_agrees")),
    "needs": _help_with,
    "dob_day": _date_of_birth,
    "contact_channel": _contact,
    "voicemail": lambda answers: chosen(choices.YES_NO, answers.get("voicemail")),
    "safe_messages": lambda answers: chosen_many(choices.MESSAGES, answers.get("safe_messages")),
    "language": _language,
    "urgent": lambda answers: chosen(choices.YES_NO, answers.get("urgent")),
    "consent": lambda answers: chosen(choices.YES_NO, "yes" if answers.get("consent") else ""),
}
# Pages whose one row shows more than their heading's field.
SHOWN_BY_PAGE: dict[str, Callable[[Answers], Markup | str]] = {"name-and-number": _name_and_number}


def shown(question: Question, answers: Answers) -> Markup | str:
    show = SHOWN_BY_PAGE.get(question.slug) or SHOWN.get(question.field)
    return show(answers) if show else typed(answers.get(question.field))


def asking_about(answers: Answers) -> Markup | None:
    """The group a call back is about, linked to its listing (its name as the group wrote it)."""
    listing_id, name = answers.get("listing_id"), answers.get("listing_name")
    if not isinstance(listing_id, int) or not name:
        return None
    link = url_for("directory.view_listing", listing_id=listing_id)
    return Markup('<a href="%s" lang="en">%s</a>') % (link, name)


def asking_about_rows(answers: Answers) -> list[SummaryRow]:
    group = asking_about(answers)
    return [(str(_("Asking about")), group, "", "")] if group else []


def summary_rows(journey: Journey, answers: Answers) -> list[SummaryRow]:
    return asking_about_rows(answers) + [
        (
            str(question.label),
            shown(question, answers),
            url_for("referrals.show_question", journey=journey.slug, step=question.slug, change="yes"),
            str(question.label),
        )
        for question in journey.applicable(answers)
    ]
