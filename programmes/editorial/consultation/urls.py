"""The programme work's pages: the working group's (`views/process`, `views/rounds`),
the reviewers' (`views/review`, with logging in and the invitation link), and the
public compilations of closed rounds (`views/rounds`)."""

from .views.process.urls import urlpatterns as process
from .views.review.urls import urlpatterns as review
from .views.rounds.urls import urlpatterns as rounds

app_name = "consultation"

urlpatterns = [*review, *rounds, *process]
