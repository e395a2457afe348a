"""The `yzdaily` commands, one module each (a group of actions, such as `terms suggest|add`,
one module too): each a class on cli.base's `Command`, found here by the entry point."""
