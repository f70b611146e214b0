from django.urls import path

from paradesk.firm.views import auth, people, tokens

app_name = "firm"
urlpatterns = [
    path("login/", auth.login_view, name="login"),
    path("login/verify/", auth.verify, name="verify"),
    path("mfa/enroll/", auth.enroll, name="enroll"),
    path("mfa/enroll/done/", auth.enroll_done, name="enroll_done"),
    path("logout/", auth.logout_view, name="logout"),
    path("people/", people.people, name="people"),
    path("people/new/", people.people_new, name="people_new"),
    path("people/<id:person_id>/", people.people_detail, name="people_detail"),
    path("people/<id:person_id>/edit/", people.people_edit, name="people_edit"),
    path(
        "people/<id:person_id>/profile/", people.people_profile, name="people_profile"
    ),
    path(
        "people/<id:person_id>/onboarding/",
        people.people_onboarding,
        name="people_onboarding",
    ),
    path(
        "people/<id:person_id>/reset-mfa/",
        people.people_reset_mfa,
        name="people_reset_mfa",
    ),
    path("people/<id:person_id>/unlock/", people.people_unlock, name="people_unlock"),
    path("onboarding/", people.onboarding, name="onboarding"),
    path("account/tokens/", tokens.tokens, name="tokens"),
    path(
        "account/tokens/<id:token_id>/revoke/",
        tokens.token_revoke,
        name="token_revoke",
    ),
]
