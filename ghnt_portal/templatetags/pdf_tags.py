"""Template filters of the PDF reports."""

from django import template

from ghnt_portal.pdf import running_title_name

register = template.Library()

register.filter("running_title_name", running_title_name)
