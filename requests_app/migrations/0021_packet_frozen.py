"""A verified disclosure packet is frozen: what left DCF, and the hash the accounting keeps of
it, cannot change nor disappear, whoever connects (the refusing function comes from migration
0013). A packet being built, or refused, may still be written by its build."""

from django.db import migrations

FROZEN_SQL = """
CREATE TRIGGER disclosurepacket_verified_frozen
    BEFORE UPDATE OR DELETE ON requests_app_disclosurepacket
    FOR EACH ROW WHEN (OLD.status = 'verified')
    EXECUTE FUNCTION requests_app_refuse_rewrite();
"""

UNDO_FROZEN_SQL = """
DROP TRIGGER disclosurepacket_verified_frozen ON requests_app_disclosurepacket;
"""


class Migration(migrations.Migration):
    dependencies = [("requests_app", "0020_documents")]

    operations = [migrations.RunSQL(FROZEN_SQL, UNDO_FROZEN_SQL)]
