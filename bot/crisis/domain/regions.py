"""Which crisis-resource region a time zone suggests (when nobody chose one)."""

from __future__ import annotations

# Enough to pick the regions data/crisis_resources.toml knows; anything else gets the
# international lines plus /about's list of the main numbers.
_ZONE_REGIONS = {
    "Europe/London": "GB",
    "Europe/Belfast": "GB",
    "Europe/Dublin": "IE",
    "Pacific/Honolulu": "US",
}
_CANADA = (
    "Toronto Montreal Vancouver Edmonton Winnipeg Halifax St_Johns Regina Moncton "
    "Glace_Bay Goose_Bay Whitehorse Dawson Iqaluit Swift_Current Yellowknife "
    "Rankin_Inlet Cambridge_Bay Inuvik Resolute Atikokan Creston Dawson_Creek "
    "Fort_Nelson Thunder_Bay Nipigon Rainy_River"
).split()
_US = (
    "New_York Detroit Chicago Menominee Denver Boise Phoenix Los_Angeles Anchorage "
    "Juneau Sitka Metlakatla Yakutat Nome Adak Indianapolis Louisville Indiana Kentucky "
    "North_Dakota"
).split()


def region_for_zone(zone: str | None) -> str | None:
    if not zone:
        return None
    if zone in _ZONE_REGIONS:
        return _ZONE_REGIONS[zone]
    area, _, place = zone.partition("/")
    city = place.split("/")[0]
    if area == "Australia":
        return "AU"
    if area == "US" or (area == "America" and city in _US):
        return "US"
    if area == "Canada" or (area == "America" and city in _CANADA):
        return "CA"
    return None
