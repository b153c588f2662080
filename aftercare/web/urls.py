from django.urls import path

from aftercare.web import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.staff_login, name="staff-login"),
    path("logout/", views.logout, name="logout"),
    # Under /my/ with the owner portal, but served here: logging in is not part of the portal.
    path("my/login/", views.owner_login, name="owner-login"),
]
