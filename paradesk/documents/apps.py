from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "paradesk.documents"
    label = "documents"

    def ready(self) -> None:
        from paradesk.documents.selectors import document_product
        from paradesk.work import products

        products.register("document", document_product)
