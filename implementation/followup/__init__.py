"""How a plan follows an indicator up: the chart chosen, the frozen baselines, the target
line and the notes on the chart (drawn by `implementation.charts`)."""
