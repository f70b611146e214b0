from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "paradesk.api"
    label = "api"
