"""What the staff console and the owner portal share: forms, form-error placement, access guards, view helpers.

Not a Django app (no models, templates or URLs): console and portal may not import each other, so the pieces
they have in common live one layer below both. Shared template partials live in web/templates/web/partials/.
"""
