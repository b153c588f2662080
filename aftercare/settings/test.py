"""Test runs: fast hashing, in-memory notification outbox, tasks captured not run."""

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AFTERCARE_NOTIFICATION_BACKENDS = {
    "sms": "aftercare.notifications.backends.MemoryBackend",
    "email": "aftercare.notifications.backends.MemoryBackend",
    "wechat": "aftercare.notifications.backends.MemoryBackend",
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
