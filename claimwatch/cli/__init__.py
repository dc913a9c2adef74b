"""The `claimwatch` command line: main.py builds the group from one module per command group."""
