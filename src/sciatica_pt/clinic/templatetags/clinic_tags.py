from django import template

register = template.Library()


@register.filter
def words(code: object) -> str:
    """`routine_referral_with_pt` -> `routine referral with pt`, for people to read."""
    return str(code).replace("_", " ")
