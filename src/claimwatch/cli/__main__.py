"""``python -m claimwatch.cli``."""

from claimwatch.cli.main import main

main()
