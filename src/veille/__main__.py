"""`python -m veille`: the same command line as `veille`."""

from veille.cli import main

main()
