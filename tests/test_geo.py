"""friendship_graph.geo: Natural Earth outlines decoded from the vendored TopoJSON."""

from __future__ import annotations

import json

import pytest

from friendship_graph import geo


@pytest.mark.parametrize(("lon", "lat", "iso"), [
    (112.75, 37.69, "CN"),    # Jinzhong
    (106.45, 50.35, "RU"),    # Kyakhta, a few kilometres north of the Mongolian border
    (106.92, 47.92, "MN"),    # Ulaanbaatar
    (2.35, 48.86, "FR"),      # Paris
    (9.08, 45.81, "IT"),      # Como
    (-100.0, 40.0, "US"),
    (178.0, -17.8, "FJ"),     # split by the antimeridian
    (0.0, 0.0, None),         # the Gulf of Guinea
])
def test_country_at(lon: float, lat: float, iso: str | None) -> None:
    assert geo.country_at(lon, lat) == iso


def test_in_country_and_outline() -> None:
    assert geo.in_country("fr", 2.35, 48.86)
    assert not geo.in_country("DE", 2.35, 48.86)
    assert not geo.in_country("XX", 2.35, 48.86)
    china = geo.country_outline("CN")
    assert china is not None and china.numeric == "156" and china.name == "China"
    west, south, east, north = china.bbox
    assert 73 < west < 74 and 53 < north < 54
    assert all(len(ring) >= 4 and ring[0] == ring[-1] for p in china.polygons for ring in p)
    assert geo.country_outline("ZZ") is None


def test_both_scales_decode_to_land_and_borders() -> None:
    for resolution in geo.RESOLUTIONS:
        land, borders = geo.land(resolution), geo.borders(resolution)
        assert len(land) > 100 and len(borders) > 300
        points = [p for ring in land for p in ring]
        assert all(-180 <= x <= 180 and -90 <= y <= 90 for x, y in points)
        assert len(geo.countries(resolution)) > 170
    assert sum(map(len, geo.land("50m"))) > 5 * sum(map(len, geo.land("110m")))
    with pytest.raises(ValueError, match="unknown resolution"):
        geo.land("10m")


def test_the_vendored_data_ships_with_its_licence_and_origin() -> None:
    folder = geo.DATA
    assert (folder / "LICENSE").read_text().startswith("Copyright 2013-2019 Michael Bostock")
    package = json.loads((folder / "package.json").read_text())
    assert (package["name"], package["version"]) == ("world-atlas", "2.0.2")
    assert "Natural Earth" in (folder / "README.md").read_text()


def test_one_outline_per_code_and_the_uncoded_territories() -> None:
    """Australia's two features are one outline (Sydney was outside 'AU' before); Kosovo is XK
    as in the importers; a point in the sea is some kilometres from the coast."""
    assert geo.in_country("AU", 151.21, -33.87)
    assert geo.country_at(21.17, 42.67) == "XK"
    assert geo.distance_to_country_km("GB", -4.14, 50.37) < 5
    assert geo.distance_to_country_km("IT", 12.48, 41.89) == 0.0
    assert geo.distance_to_country_km("US", 12.48, 41.89) > 500
    assert geo.distance_to_country_km("ZZ", 0.0, 0.0) is None
