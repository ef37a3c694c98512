"""Changed words within a field: only what changed is marked, the text is kept exactly, and
each mark says in words what happened."""

from portal.organisations.word_diff import changed_words


def test_only_the_changed_word_is_marked_and_the_text_is_kept(app):
    with app.test_request_context("/en/"):
        before, after = changed_words("Every Tuesday, 10:00", "Every Wednesday, 10:00")
    assert str(before) == 'Every <del><span class="visually-hidden"> removed: </span>Tuesday</del>, 10:00'
    assert str(after) == 'Every <ins><span class="visually-hidden"> added: </span>Wednesday</ins>, 10:00'


def test_words_in_other_scripts_are_compared_as_words_and_escaped(app):
    with app.test_request_context("/en/"):
        before, after = changed_words("چائے اور <b>گپ شپ</b>", "چائے اور گپ شپ")
    assert "&lt;b&gt;" in str(before) and "<b>" not in str(before)
    assert str(after) == "چائے اور گپ شپ"
