import csv
import io
import shutil

import pytest

from portal import catalogue_exchange, catalogues
from portal.i18n import SHIPPED_LOCALES


def test_every_shipped_language_has_every_string_translated(settings):
    """Missing, fuzzy, untranslated, broken placeholders or tags, English left in, no
    Review-Status: `flask translate check` says the same."""
    problems = catalogues.check(settings.project_root, SHIPPED_LOCALES)
    assert [str(problem) for problem in problems] == []


def test_the_template_catalogue_is_up_to_date(settings, tmp_path):
    """Fails when someone adds a string without running `flask translate update`."""
    shutil.copytree(settings.project_root / "translations", tmp_path / "translations")
    shutil.copy(settings.project_root / "babel.cfg", tmp_path / "babel.cfg")
    shutil.copytree(settings.project_root / "templates", tmp_path / "templates")
    shutil.copytree(settings.project_root / "src", tmp_path / "src", ignore=shutil.ignore_patterns("__pycache__"))
    catalogues.extract(tmp_path)

    def ids(root):
        return {catalogues.message_id(message) for message in catalogues.read_template(root) if message.id}

    assert ids(tmp_path) == ids(settings.project_root)


@pytest.fixture
def root(settings, tmp_path):
    """A copy of the catalogues to change."""
    shutil.copytree(settings.project_root / "translations", tmp_path / "translations")
    return tmp_path


def first_message(root, locale, plural=False):
    return next(
        message
        for message in catalogues.read_catalogue(root, locale)
        if message.id and isinstance(message.id, tuple) == plural and "python-format" in message.flags
    )


@pytest.mark.parametrize("locale", [code for code in SHIPPED_LOCALES if code != "en"])
def test_every_catalogue_says_who_wrote_it(settings, locale):
    assert catalogues.review_status(settings.project_root, locale) in catalogues.REVIEW_STATUSES


def test_updating_keeps_each_catalogues_review_status(root):
    po = catalogues.po_path(root, "pl")
    po.write_text(po.read_text().replace(catalogues.REVIEW_STATUSES[0], catalogues.REVIEW_STATUSES[1]))
    catalogues.update(root, SHIPPED_LOCALES)
    assert catalogues.review_status(root, "pl") == "reviewed by a native speaker"
    assert catalogues.review_status(root, "cy") == catalogues.REVIEW_STATUSES[0]
    assert catalogues.check(root, SHIPPED_LOCALES) == []


def test_updating_starts_a_catalogue_for_a_new_language(root):
    catalogues.update(root, ("fr",))
    assert catalogues.review_status(root, "fr") == catalogues.REVIEW_STATUSES[0]
    assert {problem.problem for problem in catalogues.check(root, ("fr",))} == {"not translated"}


def test_a_translation_left_in_english_is_found_unless_it_is_allowed(root):
    catalog = catalogues.read_catalogue(root, "pl")
    catalog["Directory"].string = "Directory"
    catalog["Menu"].string = "Menu"  # the same word in Polish: on the allow-list
    catalogues.write_catalogue(root, "pl", catalog, catalogues.REVIEW_STATUSES[0])
    assert [str(problem) for problem in catalogues.check(root, ("pl",))] == [
        "pl: 'Directory': same as the English (if right, add it to same-as-english.tsv)"
    ]


def test_a_latin_comma_after_urdu_words_is_found(root):
    catalog = catalogues.read_catalogue(root, "ur")
    catalog["More languages"].string = "مزید, زبانیں"
    catalogues.write_catalogue(root, "ur", catalog, catalogues.REVIEW_STATUSES[0])
    assert [problem.problem for problem in catalogues.check(root, ("ur",))] == [
        "a Latin comma after Arabic-script words: use ،"
    ]


@pytest.mark.parametrize(
    ("english", "broken", "problem"),
    [
        ("Did you mean %(words)s?", "Czy chodziło ci o?", "placeholder missing: words"),
        ("Did you mean %(words)s?", "Czy chodziło ci o %(slowa)s?", "unknown named placeholder 'slowa'"),
        (
            'Or call us on <a href="tel:%(phone)s">%(phone)s</a>, %(hours)s.',
            "Zadzwoń %(phone)s, %(hours)s.",
            "HTML tags differ from the English",
        ),
    ],
)
def test_a_broken_placeholder_or_tag_is_found(root, english, broken, problem):
    catalog = catalogues.read_catalogue(root, "pl")
    catalog[english].string = broken
    catalogues.write_catalogue(root, "pl", catalog, catalogues.REVIEW_STATUSES[0])
    assert problem in [found.problem for found in catalogues.check(root, ("pl",))]


def test_a_plural_form_may_leave_out_the_count_but_nothing_else():
    from babel.messages.catalog import Message

    one_hour = Message(
        ("%(count)s hour", "%(count)s hours"), ("ساعة واحدة", "%(count)s ساعات"), flags={"python-format"}
    )
    assert catalogues.placeholder_problems(one_hour) == []
    lost = Message(("%(name)s has %(num)d", "%(name)s have %(num)d"), ("واحد", "%(num)d"), flags={"python-format"})
    assert catalogues.placeholder_problems(lost) == ["placeholder missing: name", "placeholder missing: name"]


def test_a_spreadsheet_lists_each_plural_form_with_the_counts_it_is_for(settings):
    rows = list(csv.DictReader(io.StringIO(catalogue_exchange.export_csv(settings.project_root, "cy"))))
    hours = [row for row in rows if row["msgid"] == "Try again in %(count)s hour."]
    assert [row["counts"] for row in hours] == ["0", "1", "2", "3", "6", "4, 5, 7, 8, 9, 10"]
    assert {row["notes"] for row in hours} == {"python-format"}


@pytest.mark.parametrize("kind", ["po", "csv"])
def test_a_catalogue_goes_to_an_agency_and_comes_back(root, kind, tmp_path):
    exported = tmp_path / f"pl.{kind}"
    exported.write_bytes(catalogue_exchange.catalogue_for_export(root, "pl", kind))
    changed = exported.read_text(encoding="utf-8").replace("Więcej języków", "Inne języki")
    exported.write_text(changed, encoding="utf-8")
    before = {catalogues.message_id(m): m.string for m in catalogues.read_catalogue(root, "pl") if m.id}
    count = catalogue_exchange.import_translations(root, "pl", exported, reviewed=True)
    after = {catalogues.message_id(m): m.string for m in catalogues.read_catalogue(root, "pl") if m.id}
    assert count == len(before)
    assert {key for key in before if before[key] != after[key]} == {"More languages"}
    assert after["More languages"] == "Inne języki"
    assert catalogues.review_status(root, "pl") == "reviewed by a native speaker"
    assert catalogues.check(root, SHIPPED_LOCALES) == []


def test_an_import_with_broken_placeholders_is_refused_whole_naming_each_line(root, tmp_path):
    spreadsheet = tmp_path / "agency.csv"
    spreadsheet.write_text(
        "msgid,msgid_plural,plural_form,counts,msgstr,notes\n"
        "More languages,,,,Inne języki,\n"
        "Did you mean %(words)s?,,,,Czy chodziło ci o?,python-format\n"
        "Name (%(language)s),,,,Nazwa (%(jezyk)s),python-format\n"
        "Not a string we have,,,,Coś,\n",
        encoding="utf-8",
    )
    with pytest.raises(catalogue_exchange.RefusedImport) as refused:
        catalogue_exchange.import_translations(root, "pl", spreadsheet)
    assert refused.value.problems == [
        "line 3: 'Did you mean %(words)s?': placeholder missing: words",
        "line 4: 'Name (%(language)s)': unknown named placeholder 'jezyk'",
        "line 4: 'Name (%(language)s)': placeholder missing: language",
        "line 5: not a string of this version of the portal: 'Not a string we have'",
    ]
    assert catalogues.read_catalogue(root, "pl")["More languages"].string == "Więcej języków"


def test_the_commands_export_and_import_through_flask(app, root, tmp_path):
    from dataclasses import replace

    app.config["SETTINGS"] = replace(app.config["SETTINGS"], project_root=root)
    exported = tmp_path / "ro.csv"
    result = app.test_cli_runner().invoke(args=["translate", "export", "ro", "--format", "csv", "-o", str(exported)])
    assert result.exit_code == 0, result.output
    broken = exported.read_text(encoding="utf-8").replace(
        'ne la <a href=""tel:%(phone)s"">%(phone)s</a>, %(hours)s.', 'ne la <a href=""tel:%(phone)s"">%(phone)s</a>.'
    )
    exported.write_text(broken, encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["translate", "import", "ro", str(exported)])
    assert result.exit_code == 1 and "placeholder missing: hours" in result.output
    assert app.test_cli_runner().invoke(args=["translate", "check"]).exit_code == 0


def test_one_glossary_gives_every_key_term_in_every_language(settings):
    with open(settings.project_root / "translations" / "glossary.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    translated = [code for code in SHIPPED_LOCALES if code != "en"]
    assert set(translated) <= set(rows[0])
    key_terms = {"link worker", "social prescribing", "referral", "call back", "reference number", "group", "service"}
    assert key_terms | {"listing", "interpreter", "GP practice"} <= {row["term_en"] for row in rows}
    assert [row["term_en"] for row in rows if not all(row[code].strip() for code in translated)] == []
