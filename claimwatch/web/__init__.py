"""Browsing in Datasette: the app behind `claimwatch serve`, the plugin, the claim chart."""
