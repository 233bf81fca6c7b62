"""Development-only secrets, generated once per checkout and kept in the git-ignored var/ folder."""

from __future__ import annotations

import json
import secrets
from pathlib import Path

from cryptography.fernet import Fernet


def local_secrets(var_dir: Path) -> dict[str, str]:
    path = var_dir / "dev-secrets.json"
    if path.exists():
        return json.loads(path.read_text())
    var_dir.mkdir(parents=True, exist_ok=True)
    values = {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "FIELD_ENCRYPTION_KEY": Fernet.generate_key().decode(),
        "ID_NUMBER_HASH_KEY": secrets.token_urlsafe(32),
    }
    path.write_text(json.dumps(values))
    path.chmod(0o600)
    return values
