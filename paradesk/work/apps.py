from django.apps import AppConfig


class WorkConfig(AppConfig):
    name = "paradesk.work"
    label = "work"

    def ready(self) -> None:
        from paradesk.firm import duties
        from paradesk.matters import walls
        from paradesk.work.selectors import open_reviews_of
        from paradesk.work.services import release_walled_tasks

        walls.register(release_walled_tasks)
        duties.register_attorney_duty(open_reviews_of)
