"""The built-in stages, registered in one place (spaCy's ``registrations.py`` pattern).

Each stage module decorates its factory with ``@registry.stage(...)`` from the leaf module
:mod:`veille.registry`; importing the modules here registers them. Nothing imports this module but
the pipeline, so no stage module imports the pipeline or is imported by the registry.
"""

from __future__ import annotations


def register_builtin_stages() -> None:
    """Import every built-in stage module, registering its factory (a no-op after the first call)."""
    # Imported here, not at module import, so that `veille --help` does not pay for every stage.
    import veille.actors.entities
    import veille.actors.stage
    import veille.events.stage
    import veille.extract
    import veille.geo.stage
    import veille.language
    import veille.nlp
    import veille.times.stage  # noqa: F401
