"""Grant the permission to make one-price offers (the same shape as network.rules.DEFAULT_LEVEL_GRANTS)."""

from django.db import migrations

GRANTS = {
    ("advisor", "intermediate"): ("make_offer",),
    ("manager", "junior"): ("make_offer",),
}


def seed(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    LevelGrant = apps.get_model("network", "LevelGrant")
    content_type, _ = ContentType.objects.get_or_create(app_label="valuation", model="offer")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename="make_offer", defaults={"name": "Can make one-price offers"}
    )
    for (role, level), codenames in GRANTS.items():
        for _codename in codenames:
            LevelGrant.objects.get_or_create(role=role, level=level, permission=permission)


def unseed(apps, schema_editor):
    LevelGrant = apps.get_model("network", "LevelGrant")
    LevelGrant.objects.filter(permission__content_type__app_label="valuation").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("valuation", "0001_initial"),
        ("network", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
