"""The parameters of the tie-strength model: their defaults, and how network.toml sets them.

Below both the folder's checks and the model itself, so that ``tiegraph
check``, :func:`tiegraph.load_network` and the calibration read one
definition (:class:`StrengthParams`); :mod:`tiegraph.strength` re-exports it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from .channels import DEFAULT_CHANNEL_WEIGHTS
from .exceptions import ConfigError

__all__ = [
    "DEFAULT_HALF_LIFE_DAYS",
    "FITTED_PARAMS",
    "HALF_LIFE_BOUNDS",
    "MIN_STRENGTH",
    "StrengthParams",
    "params_of",
]

#: The base half-life when it is automatic and no tie has two interactions to show a tempo.
DEFAULT_HALF_LIFE_DAYS = 21.0
#: An automatic base half-life stays within these many days.
HALF_LIFE_BOUNDS = (1.0, 180.0)

#: The lowest strength a tie can have, so that its cost ``-log(strength)`` stays finite.
MIN_STRENGTH = 0.01

#: The parameters :func:`tiegraph.calibrate` fits (the rest keep their values).
FITTED_PARAMS: tuple[str, ...] = (
    "half_life_days",
    "attention_weight",
    "rhythm_factor",
    "activity_factor",
)


@dataclass(frozen=True)
class StrengthParams:
    """The parameters of the tie-strength model, with their defaults.

    Every field can be set in ``network.toml`` under ``[strength]``, and
    channel weights under ``[strength.channels]`` (new channel names are
    allowed: ``signal = 0.3``). ``auto_calibrate = true`` there makes
    :func:`tiegraph.load_network` fit the model on the folder's history at
    every load (see :func:`tiegraph.calibrate`).

    Examples
    --------
    >>> p = StrengthParams.from_settings({"half_life_days": 14, "channels": {"signal": 0.3}})
    >>> p.half_life_days, p.channels["signal"], p.channels["call"]
    (14.0, 0.3, 0.7)
    """

    #: base half-life h0 of dated evidence, in days (fitted by calibrate); None (``"auto"`` in
    #: network.toml): tempo_factor times the network's tempo (see the module docstring)
    half_life_days: float | None = None
    #: without a set half_life_days, h0 is this many times the network's tempo
    tempo_factor: float = 1.0
    #: a tie's half-life is at least this many times its typical gap between contacts (fitted)
    rhythm_factor: float = 1.5
    #: how much the less active person's recent activity slows a tie's decay (fitted)
    activity_factor: float = 0.25
    #: how much shared contacts slow a tie's decay (fitted; off until calibration turns it on,
    #: since with saturated evidence it keeps long-quiet strong ties strong for many months)
    embedding_factor: float = 0.0
    #: days over which a tie's age doubles its half-life
    age_scale_days: float = 730.0
    #: E at which strength reaches 1 - 1/e (about 0.63)
    saturation: float = 3.0
    #: weight of being in one meeting with others, relative to a direct interaction
    shared_factor: float = 0.3
    #: weight of an introduction ("met through")
    introduction_weight: float = 0.5
    #: weight of one point of closeness (1-5) set by the user
    closeness_weight: float = 0.5
    #: base half-life of introductions and closeness ratings, in days (slowed by age too)
    manual_half_life_days: float = 180.0
    #: standing weight of being listed as a direct contact (does not fade)
    contact_weight: float = 0.15
    #: standing weight of working at one organisation (inferred, does not fade)
    same_org_weight: float = 0.1
    #: standing weight of a relation from an address book (spouse, assistant; does not fade)
    related_weight: float = 1.0
    #: weight of a favour done for you (an ask done: introduction, referral, reference); it
    #: fades like an introduction
    vouch_weight: float = 1.0
    #: weight of a one-way message (the surplus of one side's messages over the other's),
    #: relative to a message in an exchange
    one_way_weight: float = 0.75
    #: each further message in a row that one side sent without reply divides the tie's
    #: half-life by 1 + this (a tie whose messages go unanswered fades faster)
    unanswered_factor: float = 0.2
    #: weight of attention: each person's recent activity, shared out over their ties
    attention_weight: float = 0.5
    #: the long run over which attention is shared out, in multiples of half_life_days
    attention_span: float = 5.0
    #: fit the parameters on the folder's history at load_network (cached in the folder)
    auto_calibrate: bool = True
    channels: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_CHANNEL_WEIGHTS))

    @classmethod
    def from_settings(cls, table: Mapping[str, Any] | None) -> StrengthParams:
        """Return the parameters of a ``[strength]`` table (defaults for what it leaves out).

        Raises
        ------
        ConfigError
            An unknown key, or a value that is not a positive number.
        """
        table = dict(table or {})
        channels = dict(DEFAULT_CHANNEL_WEIGHTS)
        extra = table.pop("channels", {}) or {}
        if not isinstance(extra, Mapping):
            raise ConfigError("network.toml: [strength.channels] must be a table of weights")
        for name, weight in extra.items():
            channels[str(name).lower()] = _positive(f"[strength.channels] {name}", weight)
        auto = table.pop("auto_calibrate", True)
        if not isinstance(auto, bool):
            raise ConfigError(
                f"network.toml: [strength] auto_calibrate must be true or false, not {auto!r}"
            )
        known = {f.name for f in fields(cls)} - {"channels", "auto_calibrate"}
        unknown = sorted(set(table) - known)
        if unknown:
            raise ConfigError(
                f"network.toml: unknown [strength] key(s) {', '.join(unknown)} "
                f"(known: {', '.join(sorted(known | {'auto_calibrate', 'channels'}))})"
            )
        values: dict[str, Any] = {
            k: None
            if k == "half_life_days" and v == "auto"
            else _positive(
                f"[strength] {k}", v, allow_zero=k.endswith("factor") or k.endswith("weight")
            )
            for k, v in table.items()
        }
        return cls(channels=channels, auto_calibrate=auto, **values)

    def fitted(self) -> dict[str, float | None]:
        """Return the fitted parameters (:data:`FITTED_PARAMS`) as a dict (None: automatic)."""
        d = asdict(self)
        return {k: None if d[k] is None else float(d[k]) for k in FITTED_PARAMS}

    def to_toml(self) -> str:
        """Return the fitted parameters as lines to paste under ``[strength]``.

        Examples
        --------
        >>> print(StrengthParams().to_toml())
        half_life_days = "auto"
        attention_weight = 0.5
        rhythm_factor = 1.5
        activity_factor = 0.25
        """
        return "\n".join(
            f'{k} = "auto"' if v is None else f"{k} = {round(v, 4):g}"
            for k, v in self.fitted().items()
        )


def _positive(name: str, value: object, *, allow_zero: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        raise ConfigError(f"network.toml: {name} must be a number, not {value!r}")
    if value < 0 or (value == 0 and not allow_zero):
        raise ConfigError(f"network.toml: {name} must be positive, not {value!r}")
    return float(value)


def params_of(params: StrengthParams | Mapping[str, Any] | None) -> StrengthParams:
    """Return ``params`` as :class:`StrengthParams` (a ``[strength]`` table, or None: defaults)."""
    if isinstance(params, StrengthParams):
        return params
    return StrengthParams.from_settings(params)
