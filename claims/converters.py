from django.urls import register_converter


class ItemTypeConverter:
    """`quote` or `claim`: the two kinds of reviewable item, as they appear in URLs."""

    regex = "quote|claim"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ItemTypeConverter, "item_type")
