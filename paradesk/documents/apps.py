from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "paradesk.documents"
    label = "documents"
