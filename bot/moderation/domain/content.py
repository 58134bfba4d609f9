"""The content rules: personal information, drug sourcing, method detail and harassment
in one normalised message. Pure; ``moderation.moderate`` adds crisis and behaviour."""

from __future__ import annotations

import re
from typing import Final

from bot.kernel.text_normalise import Normalised
from bot.moderation.domain import method as md
from bot.moderation.domain import patterns as mp
from bot.moderation.domain.rules import CompiledRules

PERSONAL_INFO: Final = "personal_info"
DRUG_SOURCING: Final = "drug_sourcing"
METHOD_DETAIL: Final = "method_detail"
HARASSMENT: Final = "harassment"
_NO_DIGITS = str.maketrans("", "", "0123456789")
_WORDS = re.compile(r"[a-z0-9]+")


_MASKS = frozenset("*#|")


def _allowed(text: str, rules: CompiledRules) -> bool:
    return text.strip().casefold() in rules.allow_text


def content_rules(text: Normalised, rules: CompiledRules) -> dict[str, str]:
    """Content categories found in one normalised message: category -> rule id."""
    found: dict[str, str] = {}
    pi = _personal_info(text, rules)
    if pi:
        found[PERSONAL_INFO] = pi
    for variant in text.variants:
        words = set(_WORDS.findall(variant))
        if DRUG_SOURCING not in found:
            rule = _sourcing(variant, words, rules)
            if rule:
                found[DRUG_SOURCING] = rule
        if METHOD_DETAIL not in found and not words.isdisjoint(md.METHOD_GATE):
            rule = _method_detail(variant, words, rules)
            if rule:
                found[METHOD_DETAIL] = rule
        if HARASSMENT not in found:
            rule = _harassment(variant, words, rules)
            if rule:
                found[HARASSMENT] = rule
    return found


def _method_detail(variant: str, words: set[str], rules: CompiledRules) -> str | None:
    # Overdose education that names a risk is harm reduction, not a method; read only
    # once a part matched (few messages get that far).
    teaching: bool | None = None
    by_word = md.PARTS_BY_WORD
    opened = sorted({i for word in words for i in by_word.get(word, ())})
    for index in opened:
        name, part, _ = md.METHOD_PARTS[index]
        for match in part.finditer(variant):
            if _allowed(match.group(0), rules):
                continue
            if teaching is None:
                teaching = (
                    rules.harm_reduction is not None
                    and rules.harm_reduction.search(variant) is not None
                )
            if teaching or md.EDUCATION.search(_clause_before(variant, match.start())):
                continue
            if md.HARMLESS.search(_with_object(variant, match)):
                continue
            return f"method_detail.{name}"
    return None


def _with_object(text: str, match: re.Match[str]) -> str:
    """The match and what it is about, up to the next break ("lethal dose" "of caffeine")."""
    after = text[match.end() : match.end() + 24]
    cut = min((i for i in (after.find(p) for p in ",.!?;\n") if i >= 0), default=len(after))
    return match.group(0) + after[:cut]


def _personal_info(text: Normalised, rules: CompiledRules) -> str | None:
    norm = text.plain
    if "@" in norm:
        for match in mp.EMAIL.finditer(norm):
            if not _allowed(match.group(0), rules):
                return "personal_info.email"
    if " at " in text.words or "(at)" in text.words or "[at]" in text.words:
        spelt = mp.SPELT_EMAIL.search(text.words)
        if spelt and not _allowed(spelt.group(0), rules):
            return "personal_info.email"
    spelt_digits = _spelt_digit_count(text.words)
    address_words = spelt_digits >= 2 and not mp.ADDRESS_GATE.isdisjoint(_WORDS.findall(text.words))
    if spelt_digits >= 7 or address_words:
        # "five five five, two one three ...", "lives at one four elm street": spelt
        # digits read as figures.
        norm = mp.SPELT_DIGIT.sub(lambda m: mp.DIGIT_WORDS[m.group(0)], text.words)
    digits = len(norm) - len(norm.translate(_NO_DIGITS))
    words = set(_WORDS.findall(text.words)) if digits or "address" in norm else set()
    if digits >= 7 and ("-" in norm or "." in norm or " " in norm):
        local = _local_phone(norm, rules)
        if local:
            return local
    if digits >= 7:
        for match in mp.BARE_LOCAL_PHONE.finditer(norm):
            if match.group(0) in rules.allow_digits:
                continue
            before = _clause_before(norm, match.start())
            if mp.BARE_PHONE_CONTEXT.search(before) and not mp.PUBLIC_PLACE.search(before):
                return "personal_info.phone"
    if digits >= 6:
        # "555-213-889O": a letter O among digits is a zero.
        numbers = mp.O_FOR_ZERO.sub("0", norm) if "o" in norm else norm
        numbers = mp.SPACED_DIGITS.sub(lambda m: re.sub(r"\D", "", m.group(0)), numbers)
        if numbers != norm:
            # "five five five, oh one four four": seven spelt or spaced digits joined.
            for match in mp.BARE_LOCAL_PHONE.finditer(numbers):
                before = _clause_before(numbers, match.start())
                if match.group(0) not in rules.allow_digits and mp.BARE_PHONE_CONTEXT.search(
                    before
                ):
                    return "personal_info.phone"
        for match in mp.PHONE.finditer(numbers):
            number = re.sub(r"\D", "", match.group(0))
            national = number[1:] if len(number) == 11 and number.startswith("1") else number
            if number in rules.allow_digits or national in rules.allow_digits:
                continue
            if len(national) == 10 and national[:3] in rules.config.toll_free_prefixes:
                continue
            return "personal_info.phone"
    if digits and not words.isdisjoint(mp.ADDRESS_GATE):
        for view in (norm, text.words) if text.changed else (norm,):
            address = mp.ADDRESS.search(view)
            if address and _home_address(view, address, rules):
                return "personal_info.address"
    elif "address is" in norm:
        address = mp.ADDRESS.search(norm)
        if address and not _allowed(address.group(0), rules):
            return "personal_info.address"
    # Someone else's identity or whereabouts: "her insta is @...", "his full name is",
    # "lives over on maple ave", "she's in room 214", "jordan's plate is ...".
    if not mp.EXPOSURE_GATE.isdisjoint(words or _WORDS.findall(text.words)):
        exposed = mp.EXPOSURE.search(text.words)
        if exposed and not _allowed(exposed.group(0), rules):
            return f"personal_info.{exposed.lastgroup}"
    return None


_DIGIT_NAMES = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "zero")


def _spelt_digit_count(words: str) -> int:
    if not any(name in words for name in _DIGIT_NAMES) or not mp.SPELT_DIGIT.search(words):
        return 0
    return len(mp.SPELT_DIGIT.findall(words))


def _local_phone(norm: str, rules: CompiledRules) -> str | None:
    """A seven-digit number ("555-0143") said to be a way to reach someone."""
    for match in mp.LOCAL_PHONE.finditer(norm):
        if match.group(0).replace("-", "").replace(".", "") in rules.allow_digits:
            continue
        before = _clause_before(norm, match.start())
        # "call the clinic at 555-0100": a public place's line, not a person's.
        if mp.LOCAL_PHONE_CONTEXT.search(before) and not mp.PUBLIC_PLACE.search(before):
            return "personal_info.phone"
    return None


def _home_address(norm: str, address: re.Match[str], rules: CompiledRules) -> bool:
    if _allowed(address.group(0), rules):
        return False
    return mp.PUBLIC_PLACE.search(_clause_before(norm, address.start())) is None


def _sourcing(variant: str, words: set[str], rules: CompiledRules) -> str | None:
    return rules.sourcing.find(variant, words)


def _clause_before(text: str, start: int) -> str:
    before = text[max(0, start - 60) : start]
    cut = max(before.rfind(p) for p in ".!?\n;")
    return before[cut + 1 :]


def _harassment(variant: str, words: set[str], rules: CompiledRules) -> str | None:
    folded = variant
    # The normaliser already undid leet, spacing and repeats, so a slur is one of the
    # listed words, or is masked ("f*ggot"); only then is the tolerant pattern read.
    slur_gate = not words.isdisjoint(rules.slur_words) or not _MASKS.isdisjoint(variant)
    if slur_gate and rules.never is not None:
        folded = rules.never.sub(" ", folded)
        if folded != variant:
            words = set(_WORDS.findall(folded))
    if slur_gate and rules.slur is not None:
        for match in rules.slur.finditer(folded):
            if not _allowed(match.group(0), rules):
                return "harassment.slur"
    for _, match in rules.phrase.finditer(folded, words):
        if _phrase_counts(folded, match, rules):
            return "harassment.phrase"
    return rules.harassment.find(folded, words)


def _phrase_counts(text: str, match: re.Match[str], rules: CompiledRules) -> bool:
    if _allowed(match.group(0), rules):
        return False
    clause = _clause_before(text, match.start())
    before = text[max(0, match.start() - 40) : match.start()]
    if mp.PHRASE_NEGATION.search(before) is not None:
        return False
    if mp.REPORTED_OR_GENERIC.search(clause) is not None:
        return False
    return mp.REPORTED_AFTER.match(text, match.end()) is None
