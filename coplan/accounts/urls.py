from django.contrib.auth import views as auth_views
from django.urls import path

from . import two_step_views, views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-in/link/", views.sign_in_link_request, name="sign_in_link_request"),
    path("sign-in/link/sent/", views.sign_in_link_sent, name="sign_in_link_sent"),
    path("sign-in/link/<uidb64>/<token>/", views.sign_in_link, name="sign_in_link"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("register/", views.register, name="register"),
    path("register/sent/", views.register_sent, name="register_sent"),
    path("register/<str:token>/", views.register_finish, name="register_finish"),
    path("two-step/", two_step_views.mfa_verify, name="mfa_verify"),
    path("two-step/set-up/", two_step_views.mfa_enrol, name="mfa_enrol"),
    path("two-step/set-up/<str:token>/", two_step_views.mfa_enrol_link, name="mfa_enrol_link"),
    path("two-step/recovery-codes/", two_step_views.mfa_recovery_codes, name="mfa_recovery_codes"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password-reset/sent/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("", views.profile, name="profile"),
]
