from django.apps import AppConfig


class DraftingConfig(AppConfig):
    name = "paradesk.drafting"
    label = "drafting"

    def ready(self) -> None:
        from paradesk.drafting.selectors import draft_product
        from paradesk.work import products

        products.register("draft", draft_product)
