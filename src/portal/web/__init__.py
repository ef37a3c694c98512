"""Shared HTTP helpers: htmx responses, error pages, access marks, the base form."""
