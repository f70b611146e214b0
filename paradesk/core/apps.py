from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "paradesk.core"
    label = "core"
    verbose_name = "Paradesk core"

    def ready(self) -> None:
        from django.urls import register_converter

        from paradesk.core.ids import IdConverter

        # Before any URLconf loads: the apps' and the API's paths use `<id:...>`.
        register_converter(IdConverter, "id")
