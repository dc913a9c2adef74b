"""Storage: the schema (migrations) and every SQL statement claimwatch runs."""

from db.connect import default_db_path, open_db

__all__ = ["default_db_path", "open_db"]
