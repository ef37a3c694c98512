"""The GP practice list: the NHS's epraccur file loaded by `flask practices import`, the
scheme area's practices, secure addresses, and the demo practices."""

from pathlib import Path

from sqlalchemy import select

from portal.practices.importer import as_written, read_file
from portal.practices.models import GpPractice, PracticeStatus
from portal.practices.queries import practices_in
from portal.practices.services import import_practices
from tests.teams_helpers import demo_practices

SAMPLE = Path(__file__).parent / "fixtures" / "epraccur_sample.csv"


def run(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


def practices(db):
    db.expire_all()
    return {practice.ods_code: practice for practice in db.scalars(select(GpPractice))}


def test_the_import_reads_gp_practices_and_skips_other_settings_headers_and_broken_rows(app, db):
    result = run(app, "practices", "import", str(SAMPLE))
    assert result.exit_code == 0, result.output
    assert "4 practices added, 0 updated, 3 rows skipped" in result.output
    assert set(practices(db)) == {"Z98001", "Z98002", "Z98003", "Z98005"}


def test_names_addresses_and_postcodes_are_stored_as_people_write_them(app, db):
    run(app, "practices", "import", str(SAMPLE))
    canal = practices(db)["Z98001"]
    assert canal.name == "Canal Side Surgery"
    assert canal.address_lines == ["4 Towpath Row", "Holbeck", "Leeds", "West Yorkshire"]
    assert (canal.postcode, canal.outward_code, canal.phone) == ("LS11 5QR", "LS11", "0113 496 0901")
    assert practices(db)["Z98002"].name == "Dr Adeyemi & Partners (NHS)"


def test_a_closed_practice_is_kept_as_closed(app, db):
    run(app, "practices", "import", str(SAMPLE))
    assert practices(db)["Z98003"].status == PracticeStatus.CLOSED


def test_importing_a_new_release_updates_practices_and_keeps_their_secure_address(app, db):
    run(app, "practices", "import", str(SAMPLE))
    assert run(app, "practices", "set-email", "z98001", "Surgery.Canal@NHS.example").exit_code == 0
    practice = practices(db)["Z98001"]
    practice.name = "Old Name"
    db.commit()
    result = run(app, "practices", "import", str(SAMPLE))
    assert "0 practices added, 4 updated" in result.output
    again = practices(db)["Z98001"]
    assert (again.name, again.secure_email) == ("Canal Side Surgery", "Surgery.Canal@nhs.example")


def test_a_secure_address_must_be_an_email_address_and_the_practice_must_exist(app, db):
    run(app, "practices", "import", str(SAMPLE))
    assert "is not an email address" in run(app, "practices", "set-email", "Z98001", "not an address").output
    assert "no practice with the ODS code" in run(app, "practices", "set-email", "Z00000", "a@b.example").output


def test_the_list_shows_each_practice_on_a_line(app, db):
    run(app, "practices", "import", str(SAMPLE))
    lines = run(app, "practices", "list").output.splitlines()
    assert "Z98001\tCanal Side Surgery\tLS11 5QR\tactive\t-" in lines
    assert len(lines) == 4


def test_a_file_that_cannot_be_read_is_refused_with_its_name(app, tmp_path):
    broken = tmp_path / "epraccur.csv"
    broken.write_bytes(b"\xff\xfe\x00bad")
    result = run(app, "practices", "import", str(broken))
    assert result.exit_code != 0 and "epraccur.csv" in result.output


def test_the_area_offers_only_open_practices_of_its_outward_codes(app, db):
    with app.app_context():
        import_practices(db, read_file(SAMPLE))
        db.commit()
        offered = [practice.ods_code for practice in practices_in(("LS6", "LS11"))]
    assert offered == ["Z98001", "Z98002"]  # by name; the closed one and Manchester left out


def test_capitals_are_written_as_people_write_them_and_mixed_case_is_left_alone():
    assert as_written("ST. JOHN'S  GP SURGERY") == "St. John's GP Surgery"
    assert as_written("McKenzie Practice") == "McKenzie Practice"


def test_the_demo_has_invented_leeds_practices_with_secure_addresses(app, db):
    demo_practices(db)
    loaded = practices(db)
    assert len(loaded) > 10 and all(code.startswith("Z99") for code in loaded)
    open_ones = [practice for practice in loaded.values() if practice.status == PracticeStatus.ACTIVE]
    assert all(practice.secure_email and practice.outward_code.startswith("LS") for practice in open_ones)
