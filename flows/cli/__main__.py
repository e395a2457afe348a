"""`python -m flows.cli`: the `yzdaily` command."""

from flows.cli import console

console()
