from django.apps import AppConfig


class FirmConfig(AppConfig):
    name = "paradesk.firm"
    label = "firm"
