"""`python -m graph.cli`: the same command line as `ofsted-kg`."""

from graph.cli import main

main()
