from django.apps import AppConfig


class MattersConfig(AppConfig):
    name = "paradesk.matters"
    label = "matters"

    def ready(self) -> None:
        from paradesk.firm import duties
        from paradesk.matters.selectors import open_matters_led_by

        duties.register_attorney_duty(open_matters_led_by)
