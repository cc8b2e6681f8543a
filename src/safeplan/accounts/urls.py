from django.urls import path

from safeplan.accounts.views import admin, audit, factors, password, resets, sign_in

app_name = "accounts"

# There is deliberately no self-service password reset by email: one agency admin asks for a
# reset, a second approves it, and the user completes it with a one-time code mailed to them
# (safeplan.accounts.resets; see the README). Which of these pages need no second factor is
# listed in safeplan.accounts.access.
urlpatterns = [
    path("login/", sign_in.SignInView.as_view(), name="login"),
    path("logout/", sign_in.SignOutView.as_view(), name="logout"),
    path("exit/", sign_in.exit_view, name="exit"),
    path("keepalive/", sign_in.keepalive_view, name="keepalive"),
    path("second-factor/", factors.second_factor_view, name="second_factor"),
    path("second-factor/set-up/", factors.enrol_view, name="enrol"),
    path("second-factor/set-up/app/", factors.enrol_app_view, name="enrol_app"),
    path("second-factor/backup-codes/", factors.backup_codes_view, name="backup_codes"),
    path("password/", password.password_change_view, name="password_change"),
    # A supervisor's view of what one user in their agency has done.
    path("audit/users/<int:user_id>/", audit.user_audit_view, name="user_audit"),
    # A supervisor's view of who in their agency was refused cases, most often first.
    path("audit/refused/", audit.refused_access_view, name="refused_access"),
    path("admin/users/", admin.users_view, name="admin_users"),
    path("admin/users/new/", admin.user_create_view, name="admin_user_create"),
    path("admin/users/<int:pk>/", admin.user_view, name="admin_user"),
    path("admin/users/<int:pk>/change/", admin.user_update_view, name="admin_user_update"),
    path("admin/users/<int:pk>/reset/", resets.reset_request_view, name="admin_user_reset"),
    path("admin/resets/<int:reset_id>/approve/", resets.reset_approve_view, name="admin_reset_approve"),
    path("admin/resets/<int:reset_id>/cancel/", resets.reset_cancel_view, name="admin_reset_cancel"),
    path("reset-code/", resets.reset_code_view, name="reset_code"),
    path("admin/users/<int:pk>/deactivate/", admin.user_deactivate_view, name="admin_user_deactivate"),
    path("admin/users/<int:pk>/reactivate/", admin.user_reactivate_view, name="admin_user_reactivate"),
    path("admin/users/<int:pk>/unlock/", admin.user_unlock_view, name="admin_user_unlock"),
    path("admin/agency/", admin.agency_view, name="admin_agency"),
    path("admin/teams/", admin.teams_view, name="admin_teams"),
    path("admin/teams/new/", admin.team_create_view, name="admin_team_create"),
]
