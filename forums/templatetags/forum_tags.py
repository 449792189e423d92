from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    return (mapping or {}).get(key, "")


@register.filter
def krw_short(value):
    """A KRW amount as people say it: 20억 원 in Korean, KRW 2.0 bn elsewhere."""
    from django.utils.translation import get_language

    amount = int(value or 0)
    if (get_language() or "ko").startswith("ko"):
        if amount >= 100_000_000:
            return f"{round(amount / 100_000_000, 1):,g}억 원"
        if amount >= 10_000:
            return f"{amount // 10_000:,}만 원"
        return f"{amount:,}원"
    if amount >= 1_000_000_000:
        return f"KRW {round(amount / 1_000_000_000, 1):,g} bn"
    if amount >= 1_000_000:
        return f"KRW {round(amount / 1_000_000, 1):,g} m"
    return f"KRW {amount:,}"
