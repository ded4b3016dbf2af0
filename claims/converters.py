from claims.models import ITEM_KINDS


class ItemTypeConverter:
    """An item kind as it appears in URLs (`quote`, `claim`): one of `ITEM_KINDS`."""

    regex = "|".join(ITEM_KINDS)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
