"""Synthetic interaction histories shared by the tests of the tie model and its calibration."""

from __future__ import annotations

import numpy as np
import pandas as pd


def history_files(*, channel: str, started_by: bool) -> dict[str, str]:
    """``contacts.csv`` and ``interactions.csv`` of 40 contacts over four months of 2024.

    Half talk every 1-3 days (even ``p{i}``), half every 5-15 days; half of
    each stop at a random day. With ``started_by``, 60 % of the interactions
    were started by ``me``, the rest by the contact.
    """
    rng = np.random.default_rng(1)
    rows = ["date,with,by,channel" + (",notes,started_by" if started_by else "")]
    for i in range(40):
        gap, stop = (2 if i % 2 == 0 else 10), (rng.uniform(0, 120) if i % 4 < 2 else 120)
        t = rng.uniform(0, gap)
        while t < stop:
            day = f"{pd.Timestamp('2024-01-01') + pd.Timedelta(days=t):%Y-%m-%d}"
            if started_by:
                rows.append(f"{day},p{i},,{channel},,{'me' if rng.random() < 0.6 else f'p{i}'}")
            else:
                rows.append(f"{day},p{i},,{channel}")
            t += rng.uniform(gap / 2, gap * 1.5)
    return {
        "contacts.csv": "id,name\n" + "".join(f"p{i},P {i}\n" for i in range(40)),
        "interactions.csv": "\n".join(rows) + "\n",
    }
