"""`python -m crawler` runs the claimwatch CLI."""

from crawler.cli import main

main()
