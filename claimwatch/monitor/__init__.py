"""Scheduled monitoring: the APScheduler scheduler and its job store, alert rules, notifiers."""
