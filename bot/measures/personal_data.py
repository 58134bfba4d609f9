"""Measures' answer to privacy (bot/kernel/personal_data.py): every questionnaire offered
to a person, their answers and scores. Health data: exported and erased with the rest."""

from __future__ import annotations

from bot.kernel.personal_data import Provider, table_source

MEASURES_DATA = Provider(
    kinds=(
        table_source(
            "questionnaires",
            "measure_responses",
            "participant",
            description=(
                "The questionnaires you were offered (PHQ-9, GAD-7 ...), your answers, "
                "scores, and those you skipped."
            ),
            decode_json=("answers", "scores"),
        ),
    ),
)
