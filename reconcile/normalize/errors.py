"""The one exception the normalize stage raises."""


class UnreadableValue(ValueError):
    """A value the normalize stage will not read; `reason` says why, for a human."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason
