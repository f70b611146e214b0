from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "paradesk.core"
    label = "core"
    verbose_name = "Paradesk core"
