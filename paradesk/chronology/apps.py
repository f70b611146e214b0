from django.apps import AppConfig


class ChronologyConfig(AppConfig):
    name = "paradesk.chronology"
    label = "chronology"

    def ready(self) -> None:
        from django.conf import settings

        from paradesk.chronology.selectors import chronology_product
        from paradesk.chronology.services import records_changed
        from paradesk.documents import listeners
        from paradesk.engines.medchron import codes
        from paradesk.work import products

        codes.use_cache_dir(settings.PARADESK_CACHE_DIR)
        listeners.on_records_read(records_changed)

        products.register("chronology", chronology_product)
