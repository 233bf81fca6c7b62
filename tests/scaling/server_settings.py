"""Settings for the app servers the statelessness test starts: the test settings (same keys, so every
server agrees with the test process) with the media folder they share taken from the environment."""

from __future__ import annotations

import os
from pathlib import Path

from fulian.settings.test import *  # noqa: F403

MEDIA_ROOT = Path(os.environ["MEDIA_ROOT"])
