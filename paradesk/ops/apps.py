from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Running the firm's install: demo firm, backup and restore, blob and key chores,
    the worker and the server, the administrators' views and the commands.

    The top of the house: it may import any app, and nothing imports it.
    """

    name = "paradesk.ops"
    label = "ops"
    verbose_name = "Paradesk operations"
