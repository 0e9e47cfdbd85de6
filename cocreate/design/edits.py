"""The edit operations of every kind, as one namespace (``cocreate.design.edits``): pure
functions that return a NEW design. Sections: ``section/edits.py``; configurators:
``configurator/edits.py``."""

from __future__ import annotations

from .configurator.edits import set_choice, set_parameter
from .section.edits import add_part, move_part, remove_part, set_type, set_variant, set_width

__all__ = [
    "add_part",
    "move_part",
    "remove_part",
    "set_choice",
    "set_parameter",
    "set_type",
    "set_variant",
    "set_width",
]
