from django.urls import path

from aftercare.web import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.staff_login, name="staff-login"),
]
