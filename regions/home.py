from ghnt_portal.home import HomePanel


def panel(user) -> HomePanel | None:
    """The regions panel on the home page."""
    return None
