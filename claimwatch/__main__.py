"""`python -m claimwatch` runs the claimwatch CLI."""

from claimwatch.cli.main import main

# The guard matters: extraction workers start via forkserver, which imports __main__.
if __name__ == "__main__":
    main()
