"""`python -m cli`: the `yzdaily` command."""

from cli import console

console()
