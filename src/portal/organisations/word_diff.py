"""The moderation diff's changed words: within a field, the words taken out are marked in the
"before" text and the words put in are marked in the "after" text, each with a hidden
"removed" / "added" so the change is not shown by colour alone."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from flask_babel import gettext as _
from markupsafe import Markup, escape

from portal.directory.formatting import html

# Words, runs of spaces and runs of punctuation: joined again, they give back the text exactly.
TOKENS = re.compile(r"\w+|\s+|[^\w\s]+")


def _marked(tag: str, hidden: str, text: str) -> Markup:
    return html(f'<{tag}><span class="visually-hidden"> %s </span>%s</{tag}>', hidden, text)


def changed_words(before: str, after: str) -> tuple[Markup, Markup]:
    old, new = TOKENS.findall(before), TOKENS.findall(after)
    left, right = [], []
    for operation, old_start, old_end, new_start, new_end in SequenceMatcher(
        a=old, b=new, autojunk=False
    ).get_opcodes():
        removed, added = "".join(old[old_start:old_end]), "".join(new[new_start:new_end])
        if operation == "equal":
            left.append(escape(removed))
            right.append(escape(added))
            continue
        if removed:
            left.append(_marked("del", _("removed:"), removed))
        if added:
            right.append(_marked("ins", _("added:"), added))
    return Markup("").join(left), Markup("").join(right)
