from django.urls import path

from paradesk.firm import views

app_name = "firm"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("people/", views.people, name="people"),
    path("account/tokens/", views.tokens, name="tokens"),
]
