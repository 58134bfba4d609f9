from bot.crisis.domain.regions import region_for_zone


def test_zones_suggest_the_regions_with_shipped_resources() -> None:
    assert region_for_zone("Europe/London") == "GB"
    assert region_for_zone("Europe/Dublin") == "IE"
    assert region_for_zone("Australia/Sydney") == "AU"
    assert region_for_zone("America/Chicago") == "US"
    assert region_for_zone("America/Toronto") == "CA"
    assert region_for_zone("America/Mexico_City") is None
    assert region_for_zone("Asia/Tokyo") is None
    assert region_for_zone(None) is None
