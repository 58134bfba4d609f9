"""Where the shipped content lives: ``data/`` beside ``bot/`` (coping skills, crisis
resources, moderation rules, check-in questions, agenda templates)."""

from __future__ import annotations

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
