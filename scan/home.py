"""The scan panel on the home page: a bestuurder's scan, progress and next step; a link to the
scan sessions for project leaders."""

from django.urls import reverse

from ghnt_portal.home import HomePanel

from . import selectors


def panel(user) -> HomePanel | None:
    """The scan panel on the home page."""
    if not user.is_authenticated:
        return None
    membership = selectors.bestuurder_membership(user)
    leads = selectors.regions_led_by(user).exists()
    if membership is None and not leads:
        return None
    context: dict = {"is_bestuurder": membership is not None, "leads": leads}
    if membership is not None:
        current = selectors.responses_of(user).first()
        context["current"] = current
        if current is not None:
            context["progress"] = selectors.progress_of(current)
            if current.is_completed:
                context["next_url"] = reverse("scan:result", args=[current.uuid])
            else:
                context["next_url"] = reverse("scan:resume", args=[current.uuid])
        context["invitation_count"] = selectors.sessions_invited(user).count()
    context["index_url"] = reverse("scan:index")
    context["sessions_url"] = reverse("scan:session_list")
    return HomePanel(template_name="scan/home_panel.html", context=context)
