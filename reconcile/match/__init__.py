"""Match stage: entity mentions ("Softbank Group Corp.", "d'Amazon", "AMZN") to canonical entities.

Public API: :func:`name_key`, :class:`Matcher`, and the value types :class:`Match`,
:class:`Candidate` and :class:`ReviewDecision`.
"""

from .matcher import Candidate, Match, Matcher, ReviewDecision
from .names import name_key

__all__ = ["Candidate", "Match", "Matcher", "ReviewDecision", "name_key"]
