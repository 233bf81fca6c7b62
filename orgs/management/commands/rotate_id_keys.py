"""manage.py rotate_id_keys: re-encrypt every 身份证号 with the newest key, optionally recompute lookup hashes.

Key rotation, step by step (see README 安全说明):
1. Generate a key: ``python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"``.
2. Put it FIRST in FIELD_ENCRYPTION_KEYS, keeping the old keys after it, and restart: new rows use the new
   key, old rows stay readable.
3. Run ``manage.py rotate_id_keys``: every row is re-encrypted with the newest key.
4. Remove the old keys from FIELD_ENCRYPTION_KEYS and restart.
If ID_NUMBER_HASH_KEY changes, run ``manage.py rotate_id_keys --rehash`` right after the restart: it decrypts each
number and stores its lookup hash under the new key (duplicate checks and searches by number depend on it).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from orgs import idnumbers
from orgs.models import Cadre

BATCH = 500


class Command(BaseCommand):
    help = "用 FIELD_ENCRYPTION_KEYS 中最新的密钥重新加密全部身份证号；--rehash 按当前 ID_NUMBER_HASH_KEY 重算索引。"

    def add_arguments(self, parser):
        parser.add_argument("--rehash", action="store_true", help="同时按当前 ID_NUMBER_HASH_KEY 重新计算身份证号索引")

    def handle(self, *args, rehash: bool = False, **options):
        ids = list(Cadre.objects.exclude(id_number_encrypted="").order_by("pk").values_list("pk", flat=True))
        done = 0
        for start in range(0, len(ids), BATCH):
            with transaction.atomic():
                rows = list(
                    Cadre.objects.select_for_update(of=("self",))
                    .filter(pk__in=ids[start : start + BATCH])
                    .order_by("pk")
                    .only("pk", "id_number_encrypted", "id_number_hash")
                )
                for row in rows:
                    try:
                        row.id_number_encrypted = idnumbers.rotate(row.id_number_encrypted)
                        if rehash:
                            row.id_number_hash = idnumbers.lookup_hash(idnumbers.decrypt(row.id_number_encrypted))
                    except Exception as exc:  # InvalidToken: a row under a key no longer configured
                        raise CommandError(
                            f"编号 {row.pk} 的身份证号无法用已配置的任何密钥解密："
                            f"请把旧密钥加回 FIELD_ENCRYPTION_KEYS 后重试。"
                        ) from exc
                # Plain UPDATEs: the ciphertext is not part of the history, and no field a user sees changes.
                Cadre.objects.bulk_update(
                    rows, ["id_number_encrypted", "id_number_hash"] if rehash else ["id_number_encrypted"]
                )
            done += len(rows)
        what = "重新加密并重算索引" if rehash else "重新加密"
        self.stdout.write(self.style.SUCCESS(f"已{what} {done} 条身份证号。"))
