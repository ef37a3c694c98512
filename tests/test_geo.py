from pathlib import Path

import pytest

from portal.geo.importer import detect_format, import_file
from portal.geo.lookup import Place, PlaceProblem, Precision, find_place, miles_between, nearest_outward_code
from portal.geo.models import OutwardCode, Postcode
from portal.geo.osgb import grid_to_wgs84
from tests.directory_helpers import with_postcodes

FIXTURES = Path(__file__).parent / "fixtures"
LEEDS = tuple(f"LS{n}" for n in range(1, 30))


def test_os_grid_references_convert_to_wgs84_like_the_ordnance_survey_example():
    latitude, longitude = grid_to_wgs84(651409.903, 313177.270)
    assert miles_between(latitude, longitude, 52.657977, 1.716038) < 0.01


def test_the_ons_postcode_directory_loads_current_postcodes_with_their_coordinates(db):
    report = import_file(db, FIXTURES / "onspd_sample.csv")
    assert report.postcodes == 3
    assert report.skipped == 2  # one withdrawn, one without a grid reference
    assert db.get(Postcode, "LS6 1AN").latitude == pytest.approx(53.820012)
    assert db.get(Postcode, "LS6 9XX") is None


def test_code_point_open_loads_and_converts_eastings_and_northings(db):
    report = import_file(db, FIXTURES / "codepoint_sample.csv")
    assert (report.postcodes, report.skipped) == (3, 1)
    postcode = db.get(Postcode, "LS7 3JB")
    assert miles_between(postcode.latitude, postcode.longitude, 53.8186, -1.5382) < 0.05


def test_outward_code_centres_are_the_mean_of_their_postcodes(db):
    import_file(db, FIXTURES / "onspd_sample.csv")
    centre = db.get(OutwardCode, "LS6")
    assert centre.latitude == pytest.approx((53.820012 + 53.822) / 2)
    assert centre.postcode_count == 2


def test_importing_the_same_file_twice_changes_nothing(db):
    import_file(db, FIXTURES / "onspd_sample.csv")
    import_file(db, FIXTURES / "onspd_sample.csv")
    assert db.query(Postcode).count() == 3


def test_an_unknown_file_format_is_refused():
    with pytest.raises(ValueError):
        detect_format(["name", "address"])


def test_the_geo_import_command_reports_what_it_loaded(app):
    result = app.test_cli_runner().invoke(args=["geo", "import", str(FIXTURES / "onspd_sample.csv")])
    assert result.exit_code == 0, result.output
    assert "3 postcodes loaded, 2 rows skipped" in result.output


def test_a_known_full_postcode_is_found_exactly(db):
    with_postcodes(db)
    found = find_place(db, "ls61an", LEEDS)
    assert isinstance(found, Place)
    assert (found.label, found.precision) == ("LS6 1AN", Precision.POSTCODE)


def test_an_outward_code_alone_searches_from_its_centre(db):
    with_postcodes(db)
    found = find_place(db, " ls6 ", LEEDS)
    assert isinstance(found, Place) and found.precision == Precision.OUTWARD_CODE
    assert found.latitude == db.get(OutwardCode, "LS6").latitude


def test_an_unknown_full_postcode_falls_back_to_its_outward_code(db):
    with_postcodes(db)
    found = find_place(db, "LS6 9ZZ", LEEDS)
    assert isinstance(found, Place) and found.precision == Precision.FALLBACK
    assert found.outward_code == "LS6"


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("hello", PlaceProblem.MALFORMED),
        ("LS", PlaceProblem.MALFORMED),
        ("SW1A 1AA", PlaceProblem.OUTSIDE_AREA),
        ("BD1", PlaceProblem.OUTSIDE_AREA),
    ],
)
def test_postcodes_that_cannot_be_used_say_why(db, typed, problem):
    with_postcodes(db)
    assert find_place(db, typed, LEEDS) == problem


def test_an_area_in_the_scheme_without_any_centroid_is_unknown(db):
    assert find_place(db, "LS6 1AN", LEEDS) == PlaceProblem.UNKNOWN


def test_the_browsers_position_becomes_the_nearest_outward_code(db):
    with_postcodes(db)
    assert nearest_outward_code(db, 53.82, -1.57, LEEDS) == "LS6"
    assert nearest_outward_code(db, 51.50, -0.12, LEEDS) is None


def test_a_deprivation_decile_column_is_read_when_the_file_has_one(db, tmp_path):
    onspd = tmp_path / "onspd.csv"
    onspd.write_text(
        '"pcds","doterm","lat","long","imd_decile"\n"LS6 1AN","",53.82,-1.567,2\n"LS6 2AB","",53.822,-1.5714,x\n'
    )
    import_file(db, onspd)
    assert (db.get(Postcode, "LS6 1AN").imd_decile, db.get(Postcode, "LS6 2AB").imd_decile) == (2, None)


def test_a_file_without_deciles_leaves_those_stored_as_they_were(db, tmp_path):
    with_deciles = tmp_path / "with.csv"
    with_deciles.write_text("postcode,latitude,longitude,IMD decile\nLS6 1AN,53.82,-1.567,7\n")
    import_file(db, with_deciles)
    import_file(db, FIXTURES / "onspd_sample.csv")
    assert db.get(Postcode, "LS6 1AN").imd_decile == 7
