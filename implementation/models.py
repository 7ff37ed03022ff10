# Implementation planning (organisations, plans, targets) arrives with its own issue.
