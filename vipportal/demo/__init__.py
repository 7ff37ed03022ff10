"""The demo: what `manage.py load_initial_data` loads from fixtures/.

The vocabulary (`vocabulary`), every programme with its care pathways (through the
editorial content file), the organisation tree (`organisations`), the implementation
plans (`plans`), the organisations' local additions (`local`) and the demo logins
(`logins`). Each file with any error is refused as a whole, with a message naming the
place in it, in the words every content file uses (`programmes.editorial.content_file`).
"""
