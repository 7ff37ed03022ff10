"""The working group's records, kept with the programme (see the app's docstring)."""

from .group import Member, Role, StatusChange
from .meetings import Meeting
from .rounds import (
    Answer,
    Comment,
    ConsultationVersion,
    Invitation,
    Organisation,
    Part,
    Reviewer,
    Round,
)
from .work import DisseminationItem, IndicatorCheck, PracticalTest, SelfEvaluationAnswer

__all__ = [
    "Answer",
    "Comment",
    "ConsultationVersion",
    "DisseminationItem",
    "IndicatorCheck",
    "Invitation",
    "Meeting",
    "Member",
    "Organisation",
    "Part",
    "PracticalTest",
    "Reviewer",
    "Role",
    "Round",
    "SelfEvaluationAnswer",
    "StatusChange",
]
