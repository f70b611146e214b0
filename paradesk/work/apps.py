from django.apps import AppConfig


class WorkConfig(AppConfig):
    name = "paradesk.work"
    label = "work"

    def ready(self) -> None:
        from paradesk.matters import walls
        from paradesk.work.services import release_walled_tasks

        walls.register(release_walled_tasks)
