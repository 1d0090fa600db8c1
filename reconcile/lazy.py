"""Packages whose names are imported on first use, so that `import reconcile.cli` stays light.

`reconcile`, `reconcile.commands` and `reconcile.report` export names whose modules pull in
SQLAlchemy, Alembic, networkx, numpy and rapidfuzz: most of a second before `reconcile --help`
could print a line. Each such package lists where its names live and calls `export_lazily`; a
name's module is imported the first time the name is read, and the value is kept on the
package, so later reads cost nothing. Type checkers read the same names from the package's
`if TYPE_CHECKING:` imports.
"""

from __future__ import annotations

import importlib
import sys
import types
from collections.abc import Mapping, Sequence
from typing import Any


class LazyPackage(types.ModuleType):
    """A package module whose exported names are imported when first read."""

    _exports: dict[str, str]  # name -> the module it lives in

    def __getattr__(self, name: str) -> Any:  # only reached when the name is not bound yet
        where = self.__dict__["_exports"].get(name)
        if where is None:
            raise AttributeError(f"module {self.__name__!r} has no attribute {name!r}")
        module = importlib.import_module(where)
        # a submodule exported under its own name (`reconcile.commands`) is the module itself
        value = module if where == f"{self.__name__}.{name}" and not hasattr(module, name) \
            else getattr(module, name)
        super().__setattr__(name, value)
        return value

    def __setattr__(self, name: str, value: Any) -> None:
        # Importing a submodule binds it on its package. `reconcile.commands.run` is the module
        # of the verb `run`: the package's `run` stays the verb, as the eager imports made it.
        if isinstance(value, types.ModuleType) and hasattr(value, name) \
                and self.__dict__["_exports"].get(name) == value.__name__:
            value = getattr(value, name)
        super().__setattr__(name, value)

    def __dir__(self) -> list[str]:
        return sorted({*self.__dict__, *self.__dict__["_exports"]})


def export_lazily(package: str, names: Mapping[str, Sequence[str]]) -> None:
    """Make `package` import each of `names` (module -> the names it gives) on first read."""
    module = sys.modules[package]
    module.__dict__["_exports"] = {name: where for where, given in names.items()
                                   for name in given}
    module.__class__ = LazyPackage
