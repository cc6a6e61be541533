"""Prose room: what a person reads: words for symbols, explanations, HTML and Markdown, diagrams, reports."""
