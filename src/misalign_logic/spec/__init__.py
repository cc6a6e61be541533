"""Spec room: spec files in TOML, read (with source locations and limits) and written back."""
