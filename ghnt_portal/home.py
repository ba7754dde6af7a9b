"""A home-page panel: each app builds one for the user, or None when it has nothing for them."""

from dataclasses import dataclass, field


@dataclass
class HomePanel:
    template_name: str
    context: dict = field(default_factory=dict)
