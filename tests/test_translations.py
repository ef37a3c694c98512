from portal import catalogues


def test_every_shipped_language_has_every_string_translated(settings):
    problems = catalogues.check(settings.project_root, settings.locales)
    assert [str(problem) for problem in problems] == []


def test_the_template_catalogue_is_up_to_date(settings, tmp_path):
    """Fails when someone adds a string without running `flask translate update`."""
    import shutil

    from babel.messages.pofile import read_po

    shutil.copytree(settings.project_root / "translations", tmp_path / "translations")
    for name in ("babel.cfg",):
        shutil.copy(settings.project_root / name, tmp_path / name)
    shutil.copytree(settings.project_root / "templates", tmp_path / "templates")
    shutil.copytree(settings.project_root / "src", tmp_path / "src", ignore=shutil.ignore_patterns("__pycache__"))
    catalogues.extract(tmp_path)

    def ids(path):
        with open(path, "rb") as handle:
            return {
                message.id if isinstance(message.id, str) else message.id[0]
                for message in read_po(handle)
                if message.id
            }

    assert ids(tmp_path / "translations" / "messages.pot") == ids(
        settings.project_root / "translations" / "messages.pot"
    )
