from django.urls import path

from paradesk.work import views

app_name = "work"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("my-work/", views.my_work, name="my_work"),
    path("review/", views.review_queue, name="review_queue"),
    path("matters/<id:matter_id>/tasks/new/", views.task_new, name="task_new"),
    path("tasks/<id:task_id>/", views.task_detail, name="task_detail"),
    path("tasks/<id:task_id>/edit/", views.task_edit, name="task_edit"),
    path("tasks/<id:task_id>/comments/", views.comment_add, name="comment_add"),
    path(
        "tasks/<id:task_id>/<str:transition>/",
        views.task_transition,
        name="task_transition",
    ),
]
