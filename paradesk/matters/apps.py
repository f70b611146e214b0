from django.apps import AppConfig


class MattersConfig(AppConfig):
    name = "paradesk.matters"
    label = "matters"
