"""The channels of an interaction: one list, and the weight of each in the tie model.

A channel says how two people were in touch. The list and the default
weights live here, below both the folder checks and the tie model, so that
``tiegraph check``, the importers, ``tiegraph log`` and the strength model
agree by construction. ``[strength.channels]`` in ``network.toml`` changes a
weight or adds a channel of your own.

Examples
--------
>>> from tiegraph.settings import Settings
>>> known_channels(Settings())
('in_person', 'call', 'video', 'message', 'email', 'social')
>>> known_channels(Settings(strength={"channels": {"Signal": 0.3}}))[-2:]
('social', 'signal')
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .schema import CHANNELS

if TYPE_CHECKING:  # pragma: no cover - the settings import the channels' users, not this
    from .settings import Settings

__all__ = ["CHANNELS", "DEFAULT_CHANNEL_WEIGHTS", "SYNCHRONOUS_CHANNELS", "known_channels"]

#: Weight of one interaction by channel (a meeting more than an email, an email more than a like).
DEFAULT_CHANNEL_WEIGHTS: dict[str, float] = {
    "in_person": 1.0,
    "call": 0.7,
    "video": 0.6,
    "message": 0.3,
    "email": 0.3,
    "social": 0.1,
}
assert tuple(DEFAULT_CHANNEL_WEIGHTS) == CHANNELS

#: Channels where both people take part at once: an exchange by nature.
SYNCHRONOUS_CHANNELS: tuple[str, ...] = ("in_person", "call", "video")


def known_channels(settings: Settings) -> tuple[str, ...]:
    """Return the channels an interaction may have: the defaults plus ``[strength.channels]``."""
    extra = settings.strength.get("channels", {}) if settings.strength else {}
    return tuple(dict.fromkeys([*CHANNELS, *(str(c).lower() for c in extra)]))
