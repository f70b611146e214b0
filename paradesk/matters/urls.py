from django.urls import path

from paradesk.matters import views

app_name = "matters"
urlpatterns = [
    path("", views.matter_list, name="list"),
]
