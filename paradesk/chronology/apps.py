from django.apps import AppConfig


class ChronologyConfig(AppConfig):
    name = "paradesk.chronology"
    label = "chronology"

    def ready(self) -> None:
        from django.conf import settings

        from paradesk.chronology.selectors import chronology_product
        from paradesk.engines.medchron import codes
        from paradesk.work import products

        codes.use_cache_dir(settings.PARADESK_CACHE_DIR)

        products.register("chronology", chronology_product)
