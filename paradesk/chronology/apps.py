from django.apps import AppConfig


class ChronologyConfig(AppConfig):
    name = "paradesk.chronology"
    label = "chronology"

    def ready(self) -> None:
        from paradesk.chronology.selectors import chronology_product
        from paradesk.work import products

        products.register("chronology", chronology_product)
