"""claimwatch, the application: commands (cli/), scheduled monitoring (monitor/), browsing
(web/), and tasks.py, the one orchestrator of roll-up and re-analysis. See ARCHITECTURE.md."""
