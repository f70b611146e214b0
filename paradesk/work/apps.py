from django.apps import AppConfig


class WorkConfig(AppConfig):
    name = "paradesk.work"
    label = "work"
