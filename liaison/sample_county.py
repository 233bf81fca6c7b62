"""placeholder"""


def load(ctx) -> None:
    return None
