"""The source registry: registry.py loads and validates sources.toml, one entry per site."""
