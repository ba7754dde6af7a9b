from ghnt_portal.home import HomePanel


def panel(user) -> HomePanel | None:
    """The scan panel on the home page."""
    return None
