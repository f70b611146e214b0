from django.urls import path

from paradesk.work import views

app_name = "work"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("my-work/", views.my_work, name="my_work"),
    path("review/", views.review_queue, name="review_queue"),
]
