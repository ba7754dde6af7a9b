from ghnt_portal.home import HomePanel


def panel(user) -> HomePanel | None:
    """The governance panel on the home page."""
    return None
