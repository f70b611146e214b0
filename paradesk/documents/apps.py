from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "paradesk.documents"
    label = "documents"

    def ready(self) -> None:
        from paradesk.core import jobs
        from paradesk.documents.selectors import document_product
        from paradesk.documents.services.ingest import requeue_interrupted
        from paradesk.work import products

        products.register("document", document_product)
        jobs.register_sweep(requeue_interrupted)
