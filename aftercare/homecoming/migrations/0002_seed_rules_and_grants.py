"""Seed the default Homecoming rules (data operators then edit) and the role grants for its permissions."""

from django.db import migrations

DEFAULT_RULES = {
    "min_days_held": 100,
    "individual_only": True,
    "purchase_channels": ["dealer_4s", "used_car_dealer", "private_sale", "auction", "online", "other"],
    "use_types": ["private", "operating", "ride_hailing", "converted"],
    "discount_tiers": [{"min_years": 3, "percent": "20"}, {"min_years": 7, "percent": "30"}],
    "note": "Programme defaults (seed 000): more than 100 days, private owners, any channel; 20 % from 3 years, 30 % from 7.",
}

PERMISSIONS = {
    # codename: (model, name)
    "enrol_vehicle": ("enrolment", "Can enrol cars in Homecoming"),
    "redeem_benefit": ("benefit", "Can redeem Homecoming benefits"),
    "manage_rules": ("ruleset", "Can change the Homecoming rules and participating stores"),
}

# role -> level -> permissions from that level upward (the same shape as network.rules.DEFAULT_LEVEL_GRANTS).
GRANTS = {
    ("advisor", "junior"): ("enrol_vehicle", "redeem_benefit"),
    ("manager", "junior"): ("enrol_vehicle", "redeem_benefit"),
    ("operator", "intermediate"): ("manage_rules",),
}


def seed(apps, schema_editor):
    RuleSet = apps.get_model("homecoming", "RuleSet")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    LevelGrant = apps.get_model("network", "LevelGrant")
    if not RuleSet.objects.exists():
        RuleSet.objects.create(**DEFAULT_RULES)
    permissions = {}
    for codename, (model, name) in PERMISSIONS.items():
        content_type, _ = ContentType.objects.get_or_create(app_label="homecoming", model=model)
        permissions[codename], _ = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )
    for (role, level), codenames in GRANTS.items():
        for codename in codenames:
            LevelGrant.objects.get_or_create(role=role, level=level, permission=permissions[codename])


def unseed(apps, schema_editor):
    LevelGrant = apps.get_model("network", "LevelGrant")
    LevelGrant.objects.filter(permission__content_type__app_label="homecoming").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("homecoming", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
