"""Strings of the admin's third-party libraries, listed so that they get a Swedish
translation in the project's catalogue (vipportal/locale).

django-treebeard and django-prose-editor ship no Swedish. Treebeard looks its Python
strings up with Django's gettext (the move form, its messages), so the project's
`django.po` translates them once `makemessages` finds them here. The scripts look theirs up
in the browser: treebeard's drag and drop and prose-editor's dialogs through
`django.gettext`, which `admin.base.ThirdPartyJavaScriptCatalog` fills with the entries
of `JAVASCRIPT` from the same catalogue. Prose-editor's toolbar labels are written in
English without gettext; `static/admin_vip/prose-editor-labels.js` relabels each button
and menu entry through `django.gettext` too, so they are listed with the script strings.

The msgids are the libraries' own, exactly as written there (check them after upgrading
either library: django-treebeard 7.0, django-prose-editor 0.28).
"""

from django.utils.translation import gettext_noop

#: Looked up by the libraries' Python code: treebeard's move form and admin.
PYTHON = [
    # treebeard/forms.py: the "Place in the tree" fields of a tree's change form.
    gettext_noop("Position"),
    gettext_noop("Relative to"),
    gettext_noop("-- root --"),
    gettext_noop("First child of"),
    gettext_noop("Before"),
    gettext_noop("After"),
    gettext_noop("Child of"),
    gettext_noop("Sibling of"),
    # treebeard/admin.py: messages after a drag and drop.
    gettext_noop('Moved node "%(node)s" as child of "%(other)s"'),
    gettext_noop('Moved node "%(node)s" as sibling of "%(other)s"'),
    gettext_noop("Invalid form data provided"),
    gettext_noop("You do not have permission to change this object."),
    # treebeard/mp_tree.py: a refused move, shown as the message above.
    gettext_noop("Can't move node to a descendant."),
    gettext_noop("Can't move node to itself."),
]

#: Looked up in the browser with django.gettext (ThirdPartyJavaScriptCatalog).
JAVASCRIPT = [
    # treebeard/static/treebeard/treebeard-admin.js: while a row is dragged.
    gettext_noop("Abort"),
    gettext_noop("As Sibling"),
    gettext_noop("As child"),
    # django_prose_editor/static/django_prose_editor/editor.js: the dialogs of the
    # extensions the admin uses (programmes.editorial.admin.base.RICH_TEXT_EDITOR).
    gettext_noop("Edit Link"),
    gettext_noop("URL"),
    gettext_noop("Title"),
    gettext_noop("Update"),
    gettext_noop("Cancel"),
    gettext_noop("List properties"),
    gettext_noop("List type"),
    gettext_noop("Start at"),
    gettext_noop("Decimal numbers"),
    gettext_noop("Lowercase letters"),
    gettext_noop("Uppercase letters"),
    gettext_noop("Lowercase Roman numerals"),
    gettext_noop("Uppercase Roman numerals"),
    gettext_noop("Bullets"),
    # The toolbar's labels (button titles and the block-type menu), which editor.js writes
    # without gettext: relabelled by static/admin_vip/prose-editor-labels.js.
    gettext_noop("paragraph"),
    gettext_noop("Paragraph"),
    gettext_noop("heading 2"),
    gettext_noop("heading 3"),
    gettext_noop("Heading 2"),
    gettext_noop("Heading 3"),
    gettext_noop("unordered list"),
    gettext_noop("ordered list"),
    gettext_noop("blockquote"),
    gettext_noop("bold"),
    gettext_noop("italic"),
    gettext_noop("insert link"),
    gettext_noop("remove link"),
    gettext_noop("undo"),
    gettext_noop("redo"),
]
