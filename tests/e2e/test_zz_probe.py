import time
import pytest
from django.core.management import call_command

@pytest.mark.django_db(transaction=True)
def test_probe():
    t=time.monotonic()
    call_command("load_demo", force=True, verbosity=0)
    print("load", time.monotonic()-t)
