from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "cocreate.reviews"
    label = "reviews"
