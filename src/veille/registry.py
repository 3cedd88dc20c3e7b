"""The stage registry: versioned stage factories by name, the leaf module every stage imports.

As in spaCy, stages are registered by a versioned name (``extract.v1``) with a factory that receives
the settings and returns the stage: a callable taking a :class:`Document` and returning it enriched.
This module imports no stage: :mod:`veille.registrations` imports the built-in ones (their decorators
fill the registry), and :mod:`veille.pipeline` hands it to the registry as its ``populate`` hook, so
stage modules and the pipeline no longer import each other (spaCy's ``registrations.py``).
"""

from __future__ import annotations

from collections.abc import Callable

from veille.model import Document
from veille.settings import Settings

Stage = Callable[[Document], Document]
StageFactory = Callable[[Settings], Stage]


class Registry:
    """Versioned stage factories by name."""

    def __init__(self) -> None:
        self._factories: dict[str, StageFactory] = {}
        self._populate: Callable[[], None] | None = None

    def populate_with(self, populate: Callable[[], None]) -> None:
        """Run ``populate`` (which registers the built-in stages) before every lookup: lookups then
        know the built-in stages without this module importing them."""
        self._populate = populate

    def stage(self, name: str) -> Callable[[StageFactory], StageFactory]:
        """Decorator registering ``factory`` under ``name`` (e.g. ``"times.v1"``)."""

        def register(factory: StageFactory) -> StageFactory:
            if name in self._factories and self._factories[name] is not factory:
                raise ValueError(f"stage {name!r} is already registered")
            self._factories[name] = factory
            return factory

        return register

    def get(self, name: str) -> StageFactory:
        """The factory registered under ``name``."""
        self._ensure_populated()
        try:
            return self._factories[name]
        except KeyError:
            known = ", ".join(sorted(self._factories))
            raise KeyError(f"unknown stage {name!r} (known: {known})") from None

    def names(self) -> list[str]:
        """Every registered stage name."""
        self._ensure_populated()
        return sorted(self._factories)

    def _ensure_populated(self) -> None:
        if self._populate is not None:
            self._populate()


registry = Registry()
